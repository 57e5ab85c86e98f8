"""mfa_ns: two-factor authentication and step-up, under /api/v1/auth: the second step of a
login, recovery codes and signing in again here; each factor's own routes in factors/."""

from http import HTTPStatus
from typing import Any

from flask import g
from flask_restx import Resource

from app.accounts.reauthentication import CODE_INVALID, WRONG_PASSWORD
from app.accounts.sensitive import Operation
from app.api.auth.decorator import account_token_required, current_user, sensitive
from app.api.errors import error_response, field_error, invalid_input
from app.api.limits import TOO_MANY, rate_limit
from app.api.mfa import business
from app.api.mfa.dto import (
    MFA_TOKEN_INVALID,
    code_reqparser,
    login_mfa_reqparser,
    mfa_token_reqparser,
    reauthenticate_reqparser,
    recovery_codes_model,
)
from app.api.mfa.factors import load_factor_routes
from app.api.mfa.namespace import SIGN_IN_EXPIRED, mfa_account, mfa_ns
from app.api.refresh_transport import requested_transport
from app.api.request_origin import request_origin
from app.api.responses import sign_in_response, token_model, token_response
from app.api.webauthn_options import request_options_model
from app.errors import BadCode

CODE_OR_PASSKEY = "Send a code, or a passkey's credential: one of them."


@mfa_ns.route("/mfa/recovery-codes", endpoint="mfa_recovery_codes")
class RecoveryCodes(Resource):
    """Codes for when the app is not at hand."""

    @mfa_ns.expect(code_reqparser)
    @mfa_ns.response(
        int(HTTPStatus.OK), "Ten new codes; the old ones are dead.", recovery_codes_model
    )
    @mfa_ns.response(*invalid_input("code", CODE_INVALID))
    @mfa_ns.response(*TOO_MANY)
    @sensitive(Operation.RECOVERY_CODES)
    @rate_limit("RATELIMIT_PASSWORD_CHANGE")
    def post(self) -> tuple[dict[str, list[str]], HTTPStatus]:
        """Make ten new recovery codes, with a code from a second factor.

        A full session's access token from a recent sign-in (step-up), and a current code.
        The ten codes are shown this once, and the old ones stop working.
        """
        code = code_reqparser.parse_args().code
        codes = business.renew_recovery_codes(current_user(), code, request_origin())
        return {"recovery_codes": codes}, HTTPStatus.OK


@mfa_ns.route("/login/mfa", endpoint="auth_login_mfa")
class LoginSecondStep(Resource):
    """The second step of a login with two-factor on."""

    @mfa_ns.expect(login_mfa_reqparser)
    @mfa_ns.response(int(HTTPStatus.OK), "Logged in; here are tokens.", token_model)
    @mfa_ns.response(*invalid_input("code", CODE_OR_PASSKEY))
    @mfa_ns.response(
        *error_response(
            HTTPStatus.UNAUTHORIZED,
            "That code is not valid; or the sign-in expired (5 minutes, 5 wrong codes, used).",
            str(BadCode()),
        )
    )
    @mfa_ns.response(*TOO_MANY)
    @rate_limit("RATELIMIT_LOGIN_MFA")
    @rate_limit("RATELIMIT_LOGIN_MFA_PER_ACCOUNT", key_func=mfa_account)
    def post(self) -> Any:
        """Finish a login with two-factor on: the mfa_token and a code, or a passkey.

        No access token: the mfa_token of the login's 401 mfa_required answer stands for the
        first step, for 5 minutes and 5 wrong codes. Send a code (authenticator app, emailed,
        or a recovery code) or a passkey's credential for the passkey options; the answer is
        a token pair.
        """
        args = login_mfa_reqparser.parse_args()
        if (args.code is None) == (args.credential is None):
            raise field_error("code", CODE_OR_PASSKEY)
        transport = requested_transport(args.refresh_transport)
        outcome = business.finish_login(
            args.mfa_token, args.method, args.code, args.credential, request_origin()
        )
        return sign_in_response(outcome, transport)


@mfa_ns.route("/login/mfa/passkey/options", endpoint="auth_login_mfa_passkey_options")
class SecondStepPasskeyOptions(Resource):
    """A passkey as the second step of a login."""

    @mfa_ns.expect(mfa_token_reqparser)
    @mfa_ns.response(int(HTTPStatus.OK), "For navigator.credentials.get.", request_options_model)
    @mfa_ns.response(*invalid_input("mfa_token", MFA_TOKEN_INVALID))
    @mfa_ns.response(*SIGN_IN_EXPIRED)
    @mfa_ns.response(
        *error_response(HTTPStatus.CONFLICT, "The account has no passkey.", business.NO_PASSKEY)
    )
    @mfa_ns.response(*TOO_MANY)
    @rate_limit("RATELIMIT_LOGIN_MFA")
    def post(self) -> tuple[dict[str, Any], HTTPStatus]:
        """Get passkey options to finish a login with a passkey instead of a code.

        No access token: send the mfa_token of the login's 401 mfa_required answer. Pass the
        options to navigator.credentials.get(), then send its answer as credential to POST
        /auth/login/mfa.
        """
        options = business.passkey_options(mfa_token_reqparser.parse_args().mfa_token)
        return options, HTTPStatus.OK


@mfa_ns.route("/reauthenticate", endpoint="auth_reauthenticate")
class Reauthenticate(Resource):
    """Proving who you are again, for a sensitive change."""

    @mfa_ns.expect(reauthenticate_reqparser)
    @mfa_ns.response(int(HTTPStatus.OK), "A new pair with a fresh auth_time.", token_model)
    @mfa_ns.response(*invalid_input("password", WRONG_PASSWORD))
    @mfa_ns.response(*TOO_MANY)
    @account_token_required
    @rate_limit("RATELIMIT_LOGIN")
    def post(self) -> Any:
        """Prove who you are again, for a sensitive change (step-up).

        A full session's access token, and your password; with two-factor on, a code too (by
        email: POST /auth/mfa/email/code first). The answer is a new token pair whose sign-in
        is recent, so sensitive routes accept it for REAUTH_MAX_AGE seconds.
        """
        args = reauthenticate_reqparser.parse_args()
        transport = requested_transport(args.refresh_transport)
        session_id = g.bearer.session_id
        issued = business.reauthenticate(
            current_user(), session_id, args.password, args.code, args.method, request_origin()
        )
        return token_response(issued, "reauthenticated", HTTPStatus.OK, transport)


load_factor_routes()

"""mfa_ns: two-factor authentication and step-up, under /api/v1/auth: the second step of a
login, recovery codes and signing in again here; each factor's own routes in factors/."""

from http import HTTPStatus
from typing import Any

from flask import g
from flask_restx import Resource

from app.accounts.sensitive import Operation
from app.api.auth.decorator import account_token_required, current_user, sensitive
from app.api.errors import VALIDATION_ERROR_RESPONSE, error_model, field_error
from app.api.limits import TOO_MANY, rate_limit
from app.api.mfa import business
from app.api.mfa.dto import (
    code_reqparser,
    login_mfa_reqparser,
    mfa_token_reqparser,
    reauthenticate_reqparser,
    recovery_codes_model,
)
from app.api.mfa.factors import load_factor_routes
from app.api.mfa.namespace import mfa_account, mfa_ns
from app.api.refresh_transport import requested_transport
from app.api.request_origin import request_origin
from app.api.responses import sign_in_response, token_model, token_response
from app.api.webauthn_options import request_options_model

CODE_OR_PASSKEY = "Send a code, or a passkey's credential: one of them."


@mfa_ns.route("/mfa/recovery-codes", endpoint="mfa_recovery_codes")
class RecoveryCodes(Resource):
    """Codes for when the app is not at hand."""

    @mfa_ns.expect(code_reqparser)
    @mfa_ns.response(
        int(HTTPStatus.OK), "Ten new codes; the old ones are dead.", recovery_codes_model
    )
    @mfa_ns.response(*VALIDATION_ERROR_RESPONSE)
    @mfa_ns.response(*TOO_MANY)
    @sensitive(Operation.RECOVERY_CODES)
    @rate_limit("RATELIMIT_PASSWORD_CHANGE")
    def post(self) -> tuple[dict[str, list[str]], HTTPStatus]:
        """Make ten new recovery codes, with a code from the app."""
        code = code_reqparser.parse_args().code
        codes = business.renew_recovery_codes(current_user(), code, request_origin())
        return {"recovery_codes": codes}, HTTPStatus.OK


@mfa_ns.route("/login/mfa", endpoint="auth_login_mfa")
class LoginSecondStep(Resource):
    """The second step of a login with two-factor on."""

    @mfa_ns.expect(login_mfa_reqparser)
    @mfa_ns.response(int(HTTPStatus.OK), "Logged in; here are tokens.", token_model)
    @mfa_ns.response(*VALIDATION_ERROR_RESPONSE)
    @mfa_ns.response(
        int(HTTPStatus.UNAUTHORIZED),
        "That code is not valid; or the sign-in expired (5 minutes, 5 wrong codes, used).",
        error_model,
    )
    @mfa_ns.response(*TOO_MANY)
    @rate_limit("RATELIMIT_LOGIN_MFA")
    @rate_limit("RATELIMIT_LOGIN_MFA_PER_ACCOUNT", key_func=mfa_account)
    def post(self) -> Any:
        """Finish logging in with the mfa_token of the first answer and a code, or a passkey's
        `credential` for the passkey options."""
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
    @mfa_ns.response(*VALIDATION_ERROR_RESPONSE)
    @mfa_ns.response(int(HTTPStatus.UNAUTHORIZED), "The sign-in expired.", error_model)
    @mfa_ns.response(int(HTTPStatus.CONFLICT), business.NO_PASSKEY, error_model)
    @mfa_ns.response(*TOO_MANY)
    @rate_limit("RATELIMIT_LOGIN_MFA")
    def post(self) -> tuple[dict[str, Any], HTTPStatus]:
        """Request options for your passkeys, to finish a login with one instead of a code."""
        options = business.passkey_options(mfa_token_reqparser.parse_args().mfa_token)
        return options, HTTPStatus.OK


@mfa_ns.route("/reauthenticate", endpoint="auth_reauthenticate")
class Reauthenticate(Resource):
    """Proving who you are again, for a sensitive change."""

    @mfa_ns.expect(reauthenticate_reqparser)
    @mfa_ns.response(int(HTTPStatus.OK), "A new pair with a fresh auth_time.", token_model)
    @mfa_ns.response(*VALIDATION_ERROR_RESPONSE)
    @mfa_ns.response(*TOO_MANY)
    @account_token_required
    @rate_limit("RATELIMIT_LOGIN")
    def post(self) -> Any:
        """Send your password (and, with two-factor on, a code) to sign in again in this session."""
        args = reauthenticate_reqparser.parse_args()
        transport = requested_transport(args.refresh_transport)
        session_id = g.bearer.session_id
        issued = business.reauthenticate(
            current_user(), session_id, args.password, args.code, args.method, request_origin()
        )
        return token_response(issued, "reauthenticated", HTTPStatus.OK, transport)


load_factor_routes()

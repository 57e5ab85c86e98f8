"""The routes of codes by email: turn the factor on in two steps, or off; send a code for a
waiting sign-in, or for proving who you are again."""

from http import HTTPStatus

from flask import Response
from flask_restx import Resource

from app.accounts import two_factor
from app.accounts.factors.email import EMAIL_CODES, UNVERIFIED
from app.accounts.reauthentication import CODE_INVALID
from app.accounts.sensitive import Operation
from app.api.auth.decorator import account_token_required, current_user, sensitive
from app.api.errors import error_response, invalid_input
from app.api.limits import TOO_MANY, rate_limit
from app.api.mfa import business
from app.api.mfa.dto import (
    MFA_TOKEN_INVALID,
    code_reqparser,
    mfa_token_reqparser,
    recovery_codes_model,
)
from app.api.mfa.namespace import SIGN_IN_EXPIRED, mfa_account, mfa_ns
from app.api.request_origin import request_origin
from app.api.responses import status_model, success
from app.errors import CodeSentRecently

mfa_ns.add_model(status_model.name, status_model)

ON_ITS_WAY = "A code is on its way to your address."
SENT = (int(HTTPStatus.ACCEPTED), ON_ITS_WAY, status_model)
SENT_RECENTLY = error_response(
    HTTPStatus.TOO_MANY_REQUESTS,
    "One code a minute; see Retry-After.",
    str(CodeSentRecently(retry_after=60)),
)
NOT_ON = error_response(HTTPStatus.CONFLICT, "Codes by email are not on.", business.NOT_ON)


@mfa_ns.route("/mfa/email", endpoint="mfa_email")
class EmailFactor(Resource):
    """Codes by email, as your second factor."""

    @mfa_ns.response(*SENT)
    @mfa_ns.response(
        *error_response(
            HTTPStatus.CONFLICT, f"{EMAIL_CODES.already_on} Or: {UNVERIFIED}", UNVERIFIED
        )
    )
    @mfa_ns.response(*SENT_RECENTLY)
    @sensitive(Operation.FACTOR_ENROLMENT)
    def post(self) -> tuple[dict[str, str], HTTPStatus]:
        """Start turning on codes by email as a second factor.

        A full session's access token from a recent sign-in (step-up), and a verified
        address: a code goes there; send it to POST /auth/mfa/email/confirm.
        """
        business.start_enrolment(current_user(), EMAIL_CODES, request_origin())
        return success(ON_ITS_WAY), HTTPStatus.ACCEPTED

    @mfa_ns.response(int(HTTPStatus.NO_CONTENT), "Off; two-factor too, if it was the last.")
    @mfa_ns.response(
        *error_response(
            HTTPStatus.CONFLICT, "An admin's last second factor.", two_factor.LAST_FACTOR
        )
    )
    @sensitive(Operation.FACTOR_REMOVAL)
    def delete(self) -> Response:
        """Turn codes by email off.

        A full session's access token from a recent sign-in (step-up). When it was your last
        second factor, two-factor goes off too; an admin must keep one.
        """
        business.turn_off(current_user(), EMAIL_CODES, request_origin())
        return Response(status=HTTPStatus.NO_CONTENT)


@mfa_ns.route("/mfa/email/confirm", endpoint="mfa_email_confirm")
class EmailFactorConfirm(Resource):
    """Proof that the codes reach you."""

    @mfa_ns.expect(code_reqparser)
    @mfa_ns.response(int(HTTPStatus.OK), "On; keep any recovery codes.", recovery_codes_model)
    @mfa_ns.response(*invalid_input("code", CODE_INVALID))
    @sensitive(Operation.FACTOR_CONFIRMATION)
    def post(self) -> tuple[dict[str, list[str]], HTTPStatus]:
        """Turn codes by email on with the code that was mailed.

        A full session's access token from a recent sign-in (step-up). When it is your first
        second factor, the answer holds ten recovery codes, shown this once; otherwise none.
        """
        code, origin = code_reqparser.parse_args().code, request_origin()
        codes = business.confirm_enrolment(current_user(), EMAIL_CODES, code, origin)
        return {"recovery_codes": codes}, HTTPStatus.OK


@mfa_ns.route("/mfa/email/code", endpoint="mfa_email_code")
class StepUpCode(Resource):
    """A code for signing in again."""

    @mfa_ns.response(*SENT)
    @mfa_ns.response(*NOT_ON)
    @mfa_ns.response(*SENT_RECENTLY)
    @account_token_required
    def post(self) -> tuple[dict[str, str], HTTPStatus]:
        """Email a code for proving who you are again.

        A full session's access token, with codes by email on. Send the code with your
        password to POST /auth/reauthenticate.
        """
        business.send_step_up_code(current_user(), EMAIL_CODES, request_origin())
        return success(ON_ITS_WAY), HTTPStatus.ACCEPTED


@mfa_ns.route("/login/mfa/email", endpoint="auth_login_mfa_email")
class SecondStepCode(Resource):
    """A code by email as the second step of a login."""

    @mfa_ns.expect(mfa_token_reqparser)
    @mfa_ns.response(*SENT)
    @mfa_ns.response(*invalid_input("mfa_token", MFA_TOKEN_INVALID))
    @mfa_ns.response(*SIGN_IN_EXPIRED)
    @mfa_ns.response(*NOT_ON)
    @mfa_ns.response(*TOO_MANY)
    @rate_limit("RATELIMIT_LOGIN_MFA")
    @rate_limit("RATELIMIT_LOGIN_MFA_PER_ACCOUNT", key_func=mfa_account)
    def post(self) -> tuple[dict[str, str], HTTPStatus]:
        """Email a code to finish a login with two-factor on.

        No access token: send the mfa_token of the login's 401 mfa_required answer. Then send
        the code to POST /auth/login/mfa with method=email.
        """
        mfa_token = mfa_token_reqparser.parse_args().mfa_token
        business.send_second_step_code(mfa_token, EMAIL_CODES, request_origin())
        return success(ON_ITS_WAY), HTTPStatus.ACCEPTED

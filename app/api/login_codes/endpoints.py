"""login_codes_ns: signing in with a code sent by email, under /api/v1/auth."""

from http import HTTPStatus
from typing import Any

from flask_restx import Resource

from app.api import examples
from app.api.errors import (
    error_body,
    error_model,
    error_response,
    invalid_input,
    mfa_required_model,
)
from app.api.input_fields import EMAILED_CODE_INVALID
from app.api.limits import TOO_MANY, per_address, rate_limit
from app.api.login_codes import business
from app.api.login_codes.dto import confirm_code_reqparser, send_code_reqparser
from app.api.readable_swagger import DocumentedNamespace
from app.api.refresh_transport import requested_transport
from app.api.request_origin import request_origin
from app.api.responses import sign_in_response, status_model, success, token_model
from app.errors import AccountDisabled, BadCode

login_codes_ns = DocumentedNamespace(
    name="login codes", description="Signing in with a code by email"
)
for model in (status_model, token_model, mfa_required_model, error_model):
    login_codes_ns.add_model(model.name, model)

ON_ITS_WAY = "If that address has an account, a code is on its way."


@login_codes_ns.route("/login/code", endpoint="auth_login_code")
class LoginCode(Resource):
    """A code by email, instead of a password."""

    @login_codes_ns.expect(send_code_reqparser)
    @login_codes_ns.response(int(HTTPStatus.ACCEPTED), ON_ITS_WAY, status_model)
    @login_codes_ns.response(*invalid_input("email", examples.EMAIL_INVALID))
    @login_codes_ns.response(*TOO_MANY)
    @rate_limit("RATELIMIT_LOGIN_CODE")
    @rate_limit("RATELIMIT_LOGIN_CODE_PER_ADDRESS", key_func=per_address("login-code-address"))
    def post(self) -> tuple[dict[str, str], HTTPStatus]:
        """Email a sign-in code to an address, instead of a password.

        Anyone may call it, no token needed. The answer is the same whether the address has
        an account or not; the code works once, for ten minutes, five tries, at POST
        /auth/login/code/confirm.
        """
        business.send_code(send_code_reqparser.parse_args().email, request_origin())
        return success(ON_ITS_WAY), HTTPStatus.ACCEPTED


@login_codes_ns.route("/login/code/confirm", endpoint="auth_login_code_confirm")
class LoginCodeConfirm(Resource):
    """The emailed code, sent back."""

    @login_codes_ns.expect(confirm_code_reqparser)
    @login_codes_ns.response(int(HTTPStatus.OK), "Logged in; here are tokens.", token_model)
    @login_codes_ns.response(*invalid_input("code", EMAILED_CODE_INVALID))
    @login_codes_ns.response(
        int(HTTPStatus.UNAUTHORIZED),
        "That code is not valid; or, with two-factor on, mfa_required.",
        mfa_required_model,
        error_body(str(BadCode())),
    )
    @login_codes_ns.response(
        *error_response(HTTPStatus.FORBIDDEN, "The account is disabled.", str(AccountDisabled()))
    )
    @login_codes_ns.response(*TOO_MANY)
    @rate_limit("RATELIMIT_LOGIN")
    def post(self) -> Any:
        """Sign in with the code from the email.

        Anyone may call it, no token needed. The answer is a token pair, as for a login; with
        two-factor on, a 401 mfa_required asks for the second step (POST /auth/login/mfa).
        """
        args = confirm_code_reqparser.parse_args()
        transport = requested_transport(args.refresh_transport)
        outcome = business.log_in(args.email, args.code, request_origin())
        return sign_in_response(outcome, transport)

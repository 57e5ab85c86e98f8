"""account_ns: the Resources of the account lifecycle, under /api/v1/auth."""

from http import HTTPStatus
from typing import Any

from flask_restx import Resource

from app.accounts.reauthentication import WRONG_PASSWORD
from app.accounts.sensitive import Operation
from app.api import examples
from app.api.account import business
from app.api.account.business import (
    CHANGE_LINK_INVALID,
    RESET_LINK_INVALID,
    VERIFY_LINK_INVALID,
)
from app.api.account.dto import (
    change_email_reqparser,
    change_password_reqparser,
    confirm_email_reqparser,
    reset_confirm_reqparser,
    reset_request_reqparser,
    verify_email_reqparser,
)
from app.api.auth.decorator import account_token_required, current_user, sensitive
from app.api.errors import error_model, error_response, invalid_input
from app.api.limits import TOO_MANY, per_address, rate_limit
from app.api.readable_swagger import DocumentedNamespace
from app.api.refresh_transport import requested_transport
from app.api.request_origin import request_origin
from app.api.responses import status_model, success, token_model, token_response
from app.errors import EmailTaken

account_ns = DocumentedNamespace(
    name="account", description="Change or reset a password, verify or change an email address"
)
for model in (token_model, status_model, error_model):
    account_ns.add_model(model.name, model)

RESET_SENT = "If that address is registered, we have sent it a reset link."


@account_ns.route("/password", endpoint="auth_password")
class Password(Resource):
    """The caller's password."""

    @account_ns.expect(change_password_reqparser)
    @account_ns.response(int(HTTPStatus.OK), "Changed; every other token is refused.", token_model)
    @account_ns.response(*invalid_input("current_password", WRONG_PASSWORD))
    @account_ns.response(*TOO_MANY)
    @sensitive(Operation.PASSWORD_CHANGE)
    @rate_limit("RATELIMIT_PASSWORD_CHANGE")
    def post(self) -> Any:
        """Change your password.

        A full session's access token, and your current password to confirm it is you. The
        answer is a fresh token pair; every other token of yours stops working, and a notice
        goes to your address.
        """
        args = change_password_reqparser.parse_args()
        transport = requested_transport(args.refresh_transport)
        tokens = business.change_password(
            current_user(), args.current_password, args.new_password, request_origin()
        )
        return token_response(tokens, "password changed", HTTPStatus.OK, transport)


@account_ns.route("/password-reset", endpoint="auth_password_reset")
class PasswordReset(Resource):
    """Forgotten passwords."""

    @account_ns.expect(reset_request_reqparser)
    @account_ns.response(
        int(HTTPStatus.ACCEPTED), "Sent, if the address is registered.", status_model
    )
    @account_ns.response(*invalid_input("email", examples.EMAIL_INVALID))
    @account_ns.response(*TOO_MANY)
    @rate_limit("RATELIMIT_PASSWORD_RESET")
    @rate_limit("RATELIMIT_PASSWORD_RESET_PER_ADDRESS", key_func=per_address("reset-address"))
    def post(self) -> tuple[dict[str, str], HTTPStatus]:
        """Email a password reset link to an address.

        Anyone may call it, no token needed. The answer is the same whether the address has
        an account or not, so it tells nobody who is registered; the link's token goes to
        POST /auth/password-reset/confirm.
        """
        args = reset_request_reqparser.parse_args()
        business.request_password_reset(args.email, request_origin())
        return success(RESET_SENT), HTTPStatus.ACCEPTED


@account_ns.route("/password-reset/confirm", endpoint="auth_password_reset_confirm")
class PasswordResetConfirm(Resource):
    """Using a reset token."""

    @account_ns.expect(reset_confirm_reqparser)
    @account_ns.response(int(HTTPStatus.OK), "Password set; log in with it.", status_model)
    @account_ns.response(*invalid_input("token", RESET_LINK_INVALID))
    @account_ns.response(*TOO_MANY)
    @rate_limit("RATELIMIT_PASSWORD_RESET_CONFIRM")
    def post(self) -> dict[str, str]:
        """Set a new password with the token from a reset email.

        No access token needed: the emailed token proves the address. Every token issued
        before stops working; log in with the new password.
        """
        args = reset_confirm_reqparser.parse_args()
        business.confirm_password_reset(args.token, args.new_password, request_origin())
        return success("password reset; log in with the new password")


@account_ns.route("/verify-email", endpoint="auth_verify_email")
class VerifyEmail(Resource):
    """Proving an address."""

    @account_ns.expect(verify_email_reqparser)
    @account_ns.response(int(HTTPStatus.OK), "The address is verified.", status_model)
    @account_ns.response(*invalid_input("token", VERIFY_LINK_INVALID))
    def post(self) -> dict[str, str]:
        """Verify your email address with the token from the verification email.

        No access token needed: the emailed token proves the address. Where
        REQUIRE_VERIFIED_EMAIL is on, the routes outside /auth answer 403 until this is done.
        """
        business.verify_email(verify_email_reqparser.parse_args().token, request_origin())
        return success("email address verified")


@account_ns.route("/verify-email/resend", endpoint="auth_verify_email_resend")
class VerifyEmailResend(Resource):
    """Another verification email."""

    @account_ns.response(int(HTTPStatus.ACCEPTED), "Sent, or verified already.", status_model)
    @account_ns.response(*TOO_MANY)
    @account_token_required
    @rate_limit("RATELIMIT_VERIFY_RESEND")
    def post(self) -> tuple[dict[str, str], HTTPStatus]:
        """Send a new verification link to your address.

        A full session's access token, verified address or not. Nothing is sent when the
        address is verified already; the answer says so.
        """
        if business.resend_verification(current_user()):
            return success("verification email sent"), HTTPStatus.ACCEPTED
        return success("email address already verified"), HTTPStatus.ACCEPTED


@account_ns.route("/email", endpoint="auth_email")
class EmailChange(Resource):
    """Moving the account to another address."""

    @account_ns.expect(change_email_reqparser)
    @account_ns.response(
        int(HTTPStatus.ACCEPTED), "Confirmation sent to the new address.", status_model
    )
    @account_ns.response(*invalid_input("password", WRONG_PASSWORD))
    @account_ns.response(
        *error_response(
            HTTPStatus.CONFLICT,
            "That address has an account.",
            str(EmailTaken(examples.NEW_EMAIL)),
        )
    )
    @account_ns.response(*TOO_MANY)
    @sensitive(Operation.EMAIL_CHANGE)
    @rate_limit("RATELIMIT_PASSWORD_CHANGE")
    def post(self) -> tuple[dict[str, str], HTTPStatus]:
        """Ask to move your account to a new email address.

        A full session's access token from a recent sign-in (step-up), and your password. A
        confirmation link goes to the new address (POST /auth/email/confirm) and a notice to
        the old one; nothing changes until the link is used.
        """
        args = change_email_reqparser.parse_args()
        business.request_email_change(
            current_user(), args.new_email, args.password, request_origin()
        )
        return success("confirmation sent to the new address"), HTTPStatus.ACCEPTED


@account_ns.route("/email/confirm", endpoint="auth_email_confirm")
class EmailChangeConfirmation(Resource):
    """The confirmation of a new address."""

    @account_ns.expect(confirm_email_reqparser)
    @account_ns.response(int(HTTPStatus.OK), "Moved; every session has ended.", status_model)
    @account_ns.response(*invalid_input("token", CHANGE_LINK_INVALID))
    @account_ns.response(
        *error_response(
            HTTPStatus.CONFLICT,
            "That address has an account now.",
            str(EmailTaken(examples.NEW_EMAIL)),
        )
    )
    @account_ns.response(*TOO_MANY)
    @rate_limit("RATELIMIT_PASSWORD_RESET_CONFIRM")
    def post(self) -> dict[str, str]:
        """Confirm a new email address with the token from the email to it.

        No access token needed: the emailed token proves the new address. The account moves
        to it and every session ends; log in again with the new address.
        """
        token = confirm_email_reqparser.parse_args().token
        business.confirm_email_change(token, request_origin())
        return success("email address changed; log in with the new one")

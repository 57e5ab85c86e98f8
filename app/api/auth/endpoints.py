"""auth_ns: the Resources of /api/v1/auth; they parse, call business, and shape the response."""

from http import HTTPStatus
from typing import Any

from flask import Response, g
from flask_restx import Resource

from app.accounts.admins import ONLY_ADMIN
from app.accounts.reauthentication import WRONG_PASSWORD
from app.accounts.sign_up_policy import RegistrationClosed
from app.api import examples
from app.api.auth import business
from app.api.auth.decorator import (
    account_token_required,
    current_user,
    recent_authentication_required,
    session_token_required,
    token_or_refresh_cookie_required,
)
from app.api.auth.dto import (
    REFRESH_TOKEN_INVALID,
    delete_account_reqparser,
    login_reqparser,
    logout_reqparser,
    refresh_reqparser,
    register_reqparser,
    user_body,
    user_model,
)
from app.api.errors import (
    TOKEN_REFUSED_RESPONSE,
    error_body,
    error_model,
    error_response,
    invalid_input,
    mfa_required_model,
)
from app.api.limits import TOO_MANY, rate_limit
from app.api.readable_swagger import DocumentedNamespace
from app.api.refresh_transport import (
    COOKIE_TRANSPORT,
    NO_REFRESH_TOKEN,
    READ_REFUSALS,
    cleared,
    presenting_transport,
    requested_transport,
)
from app.api.request_origin import request_origin
from app.api.responses import (
    sign_in_response,
    status_model,
    success,
    token_model,
    token_response,
)
from app.errors import AccountDisabled, BadCredentials, EmailTaken

auth_ns = DocumentedNamespace(
    name="auth", description="Register, log in, refresh, see who you are, log out"
)
for model in (token_model, user_model, status_model, error_model, mfa_required_model):
    auth_ns.add_model(model.name, model)


@auth_ns.route("/register", endpoint="auth_register")
class RegisterUser(Resource):
    """New accounts."""

    @auth_ns.expect(register_reqparser)
    @auth_ns.response(int(HTTPStatus.CREATED), "Registered; here are tokens.", token_model)
    @auth_ns.response(*invalid_input("password", "Password must be at least 8 characters long."))
    @auth_ns.response(
        *error_response(
            HTTPStatus.CONFLICT, "Email already registered.", str(EmailTaken(examples.EMAIL))
        )
    )
    @auth_ns.response(
        *error_response(
            HTTPStatus.FORBIDDEN,
            "Registration is closed (REGISTRATION=closed), or a cookie session from an unlisted "
            "origin.",
            str(RegistrationClosed()),
        )
    )
    @auth_ns.response(*TOO_MANY)
    @rate_limit("RATELIMIT_REGISTER")
    def post(self) -> Any:
        """Register a new account and log it in.

        Anyone may call it, no token needed, unless REGISTRATION is invite (send the
        invitation's token) or closed. The account gets the user role, or an invitation's
        roles, and a token pair; without an invitation a verification link goes to the
        address (POST /auth/verify-email). With
        refresh_transport=cookie the refresh token goes into an HttpOnly cookie instead of the
        body (browsers on an origin of CORS_ORIGINS only).
        """
        args = register_reqparser.parse_args()
        transport = requested_transport(args.refresh_transport)
        tokens = business.register(
            args.email, args.password, request_origin(), invitation=args.invitation
        )
        return token_response(tokens, "successfully registered", HTTPStatus.CREATED, transport)


@auth_ns.route("/login", endpoint="auth_login")
class LoginUser(Resource):
    """Tokens for registered users."""

    @auth_ns.expect(login_reqparser)
    @auth_ns.response(int(HTTPStatus.OK), "Logged in; here are tokens.", token_model)
    @auth_ns.response(*invalid_input("email", examples.EMAIL_INVALID))
    @auth_ns.response(
        int(HTTPStatus.UNAUTHORIZED),
        "Email or password does not match; or, with two-factor on, mfa_required.",
        mfa_required_model,
        error_body(str(BadCredentials())),
    )
    @auth_ns.response(
        *error_response(
            HTTPStatus.FORBIDDEN,
            "The account is disabled, or a cookie session from an unlisted origin.",
            str(AccountDisabled()),
        )
    )
    @auth_ns.response(*TOO_MANY)
    @rate_limit("RATELIMIT_LOGIN")
    def post(self) -> Any:
        """Log in with email and password.

        Anyone may call it. The answer is a token pair; with two-factor on, it is a 401
        mfa_required with an mfa_token instead: finish at POST /auth/login/mfa. Repeated
        failures for one address are slowed down (429 with Retry-After).
        """
        args = login_reqparser.parse_args()
        transport = requested_transport(args.refresh_transport)
        outcome = business.log_in(args.email, args.password, request_origin())
        return sign_in_response(outcome, transport)


@auth_ns.route("/refresh", endpoint="auth_refresh")
class RefreshTokens(Resource):
    """New tokens for old: refresh tokens rotate on every use."""

    @auth_ns.expect(refresh_reqparser)
    @auth_ns.response(int(HTTPStatus.OK), "A new access and refresh token.", token_model)
    @auth_ns.response(*invalid_input("refresh_token", NO_REFRESH_TOKEN))
    @auth_ns.response(*TOKEN_REFUSED_RESPONSE)
    @auth_ns.doc(responses=READ_REFUSALS)
    @auth_ns.response(*TOO_MANY)
    @rate_limit("RATELIMIT_REFRESH")
    def post(self) -> Any:
        """Trade a refresh token for a new token pair.

        No access token needed: send the refresh token in the body, or, in a browser session,
        let the cookie carry it with its CSRF value in X-CSRF-Token. The refresh token is spent:
        using it again (after a few seconds' grace) ends the whole login, as theft would.
        """
        args = refresh_reqparser.parse_args()
        presented = presenting_transport(args)
        token = presented.read(args)
        reply = presented.reply_with(args.refresh_transport)
        with presented.refusals():
            tokens = business.rotate_refresh_token(token, request_origin())
        return token_response(tokens, "successfully refreshed", HTTPStatus.OK, reply)


@auth_ns.route("/user", endpoint="auth_user")
class CurrentUser(Resource):
    """The caller's own account."""

    @auth_ns.response(int(HTTPStatus.OK), "The token's user.", user_model)
    @session_token_required
    def get(self) -> tuple[dict[str, Any], HTTPStatus]:
        """Show the account the access token belongs to.

        Any access token of a login, a session narrowed by a scope too; not a personal token.
        Also says how long the token stays valid.
        """
        body = user_body(g.account, business.token_time_left(g.bearer))
        return body, HTTPStatus.OK

    @auth_ns.expect(delete_account_reqparser)
    @auth_ns.response(int(HTTPStatus.NO_CONTENT), "Deleted; its tokens are refused from now on.")
    @auth_ns.response(*invalid_input("password", WRONG_PASSWORD))
    @auth_ns.response(*error_response(HTTPStatus.CONFLICT, "The only administrator.", ONLY_ADMIN))
    @auth_ns.response(*TOO_MANY)
    @account_token_required
    @recent_authentication_required
    @rate_limit("RATELIMIT_PASSWORD_CHANGE")
    def delete(self) -> Response:
        """Delete your own account, confirmed with your password.

        A full session's access token from a recent sign-in (step-up: POST
        /auth/reauthenticate). The account is deleted and its tokens are refused from then
        on; its widgets stay, without an owner. The only administrator cannot leave.
        """
        password = delete_account_reqparser.parse_args().password
        business.delete_account(current_user(), password, request_origin())
        return Response(status=HTTPStatus.NO_CONTENT)


@auth_ns.route("/logout", endpoint="auth_logout")
class LogoutUser(Resource):
    """Ending one session."""

    @auth_ns.expect(logout_reqparser)
    @auth_ns.response(int(HTTPStatus.OK), "Logged out; the token is revoked.", status_model)
    @auth_ns.response(*invalid_input("refresh_token", REFRESH_TOKEN_INVALID))
    @auth_ns.doc(responses=READ_REFUSALS)
    @token_or_refresh_cookie_required
    def post(self) -> tuple[dict[str, str], HTTPStatus, list[tuple[str, str]]]:
        """Log out of this session.

        The access token is revoked; a refresh token sent in the body, or the refresh cookie,
        ends its login too. A browser session may log out with the cookie alone (and its
        X-CSRF-Token). Other sessions stay logged in.
        """
        args = logout_reqparser.parse_args()
        if g.account is None:  # the cookie alone, its CSRF value checked
            with COOKIE_TRANSPORT.refusals():
                business.log_out_refresh_session(g.refresh_cookie, request_origin())
        else:
            business.log_out(
                current_user(),
                g.bearer,
                request_origin(),
                refresh_token=args.refresh_token,
                cookie=COOKIE_TRANSPORT.sent(args),
            )
        return success("successfully logged out"), HTTPStatus.OK, cleared()


@auth_ns.route("/logout-all", endpoint="auth_logout_all")
class LogoutEverywhere(Resource):
    """Ending every session."""

    @auth_ns.response(int(HTTPStatus.OK), "Every token issued until now is revoked.", status_model)
    @account_token_required
    def post(self) -> dict[str, str]:
        """Log out everywhere.

        A full session's access token. Every access and refresh token issued to you until now
        stops working, on every server; log in again for new ones.
        """
        business.log_out_everywhere(current_user(), request_origin())
        return success("successfully logged out everywhere")

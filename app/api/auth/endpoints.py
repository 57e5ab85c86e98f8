"""auth_ns: the Resources of /api/v1/auth; they parse, call business, and shape the response."""

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from flask import Request, Response, current_app, g, request
from flask_restx import Namespace, Resource

from app import limiter
from app.api.account import business as account
from app.api.account.dto import delete_account_reqparser
from app.api.auth import business
from app.api.auth.decorator import account_token_required, current_user
from app.api.auth.dto import (
    login_reqparser,
    logout_reqparser,
    refresh_reqparser,
    register_reqparser,
    token_model,
    user_body,
    user_model,
)
from app.api.errors import (
    TOKEN_REFUSED_RESPONSE,
    VALIDATION_ERROR_RESPONSE,
    error_model,
    status_model,
)
from app.api.sessions.business import Client, IssuedTokens
from app.api.users import business as users

auth_ns = Namespace(name="auth", description="Register, log in, refresh, see who you are, log out")
for model in (token_model, user_model, status_model, error_model):
    auth_ns.add_model(model.name, model)

TOO_MANY = (int(HTTPStatus.TOO_MANY_REQUESTS), "Rate limit hit; see Retry-After.", error_model)
TOO_MANY_MESSAGE = "Too many requests. Please wait and try again."


def rate_limit(setting: str, key_func: Callable[[], str] | None = None) -> Any:
    """Limit a view to config[setting], per client address unless `key_func` says otherwise."""
    return limiter.limit(
        lambda: current_app.config[setting], key_func=key_func, error_message=TOO_MANY_MESSAGE
    )


def client_of(request: Request) -> Client:
    """The User-Agent and address a new session is listed with (ProxyFix sets the address)."""
    return Client(request.user_agent.string, request.remote_addr or "")


def token_response(tokens: IssuedTokens, message: str, status: HTTPStatus) -> Any:
    """A token pair in the shape of RFC 6749, section 5.1."""
    body = {
        "status": "success",
        "message": message,
        "access_token": tokens.access_token,
        "token_type": "bearer",
        "expires_in": current_app.config["ACCESS_TOKEN_EXPIRE_SECONDS"],
        "refresh_token": tokens.refresh_token,
    }
    return body, status


@auth_ns.route("/register", endpoint="auth_register")
class RegisterUser(Resource):
    """New accounts."""

    @auth_ns.expect(register_reqparser)
    @auth_ns.response(int(HTTPStatus.CREATED), "Registered; here are tokens.", token_model)
    @auth_ns.response(*VALIDATION_ERROR_RESPONSE)
    @auth_ns.response(int(HTTPStatus.CONFLICT), "Email already registered.", error_model)
    @auth_ns.response(*TOO_MANY)
    @rate_limit("RATELIMIT_REGISTER")
    def post(self) -> Any:
        """Register a new user and log them in."""
        args = register_reqparser.parse_args()
        tokens = business.register(args.email, args.password, client_of(request))
        return token_response(tokens, "successfully registered", HTTPStatus.CREATED)


@auth_ns.route("/login", endpoint="auth_login")
class LoginUser(Resource):
    """Tokens for registered users."""

    @auth_ns.expect(login_reqparser)
    @auth_ns.response(int(HTTPStatus.OK), "Logged in; here are tokens.", token_model)
    @auth_ns.response(*VALIDATION_ERROR_RESPONSE)
    @auth_ns.response(
        int(HTTPStatus.UNAUTHORIZED), "Email or password does not match.", error_model
    )
    @auth_ns.response(int(HTTPStatus.FORBIDDEN), "The account is disabled.", error_model)
    @auth_ns.response(*TOO_MANY)
    @rate_limit("RATELIMIT_LOGIN")
    def post(self) -> Any:
        """Log in with email and password."""
        args = login_reqparser.parse_args()
        tokens = business.log_in(args.email, args.password, client_of(request))
        return token_response(tokens, "successfully logged in", HTTPStatus.OK)


@auth_ns.route("/refresh", endpoint="auth_refresh")
class RefreshTokens(Resource):
    """New tokens for old: refresh tokens rotate on every use."""

    @auth_ns.expect(refresh_reqparser)
    @auth_ns.response(int(HTTPStatus.OK), "A new access and refresh token.", token_model)
    @auth_ns.response(*VALIDATION_ERROR_RESPONSE)
    @auth_ns.response(*TOKEN_REFUSED_RESPONSE)
    @auth_ns.response(*TOO_MANY)
    @rate_limit("RATELIMIT_REFRESH")
    def post(self) -> Any:
        """Trade a refresh token for a new pair; the one sent is spent."""
        args = refresh_reqparser.parse_args()
        tokens = business.rotate_refresh_token(args.refresh_token)
        return token_response(tokens, "successfully refreshed", HTTPStatus.OK)


@auth_ns.route("/user", endpoint="auth_user")
class CurrentUser(Resource):
    """The caller's own account."""

    @auth_ns.response(int(HTTPStatus.OK), "The token's user.", user_model)
    @account_token_required
    def get(self) -> tuple[dict[str, Any], HTTPStatus]:
        """Show the user the token belongs to and how long it stays valid."""
        body = user_body(g.account, business.token_time_left(g.token_claims))
        return body, HTTPStatus.OK

    @auth_ns.expect(delete_account_reqparser)
    @auth_ns.response(int(HTTPStatus.NO_CONTENT), "Deleted; its tokens are refused from now on.")
    @auth_ns.response(*VALIDATION_ERROR_RESPONSE)
    @auth_ns.response(int(HTTPStatus.CONFLICT), users.ONLY_ADMIN, error_model)
    @account_token_required
    def delete(self) -> Response:
        """Delete your account; send your password again to confirm."""
        account.delete_account(current_user(), delete_account_reqparser.parse_args().password)
        return Response(status=HTTPStatus.NO_CONTENT)


@auth_ns.route("/logout", endpoint="auth_logout")
class LogoutUser(Resource):
    """Ending one session."""

    @auth_ns.expect(logout_reqparser)
    @auth_ns.response(int(HTTPStatus.OK), "Logged out; the token is revoked.", status_model)
    @auth_ns.response(*VALIDATION_ERROR_RESPONSE)
    @account_token_required
    def post(self) -> dict[str, str]:
        """Revoke this access token, and the refresh token's login if one is sent."""
        args = logout_reqparser.parse_args()
        business.log_out(current_user(), g.token_claims, args.refresh_token)
        return {"status": "success", "message": "successfully logged out"}


@auth_ns.route("/logout-all", endpoint="auth_logout_all")
class LogoutEverywhere(Resource):
    """Ending every session."""

    @auth_ns.response(int(HTTPStatus.OK), "Every token issued until now is revoked.", status_model)
    @account_token_required
    def post(self) -> dict[str, str]:
        """Revoke every access and refresh token issued to you, on every server."""
        business.log_out_everywhere(current_user())
        return {"status": "success", "message": "successfully logged out everywhere"}

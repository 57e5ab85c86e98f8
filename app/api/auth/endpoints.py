"""auth_ns: the Resources of /api/v1/auth; they parse, call business, and shape the response."""

from http import HTTPStatus
from typing import Any

from flask import current_app, g
from flask_restx import Namespace, Resource, marshal

from app.api.auth import business
from app.api.auth.decorator import token_required
from app.api.auth.dto import (
    login_reqparser,
    register_reqparser,
    token_model,
    user_model,
)
from app.api.errors import error_model, status_model
from app.models.user import User

auth_ns = Namespace(name="auth", description="Register, log in, see who you are, log out")
for model in (token_model, user_model, status_model, error_model):
    auth_ns.add_model(model.name, model)

# RFC 6749, section 5.1: token responses must not be cached.
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def token_response(user: User, message: str, status: HTTPStatus) -> tuple[Any, ...]:
    """A fresh access token for `user` in the shape of RFC 6749, section 5.1."""
    body = {
        "status": "success",
        "message": message,
        "access_token": user.encode_access_token(),
        "token_type": "bearer",
        "expires_in": current_app.config["ACCESS_TOKEN_EXPIRE_SECONDS"],
    }
    return body, status, NO_STORE


@auth_ns.route("/register", endpoint="auth_register")
class RegisterUser(Resource):
    """New accounts."""

    @auth_ns.expect(register_reqparser)
    @auth_ns.response(int(HTTPStatus.CREATED), "Registered; here is a token.", token_model)
    @auth_ns.response(int(HTTPStatus.BAD_REQUEST), "Validation error.", error_model)
    @auth_ns.response(int(HTTPStatus.CONFLICT), "Email already registered.", error_model)
    def post(self) -> tuple[Any, ...]:
        """Register a new user and log them in."""
        args = register_reqparser.parse_args()
        user = business.register_user(args.email, args.password)
        return token_response(user, "successfully registered", HTTPStatus.CREATED)


@auth_ns.route("/login", endpoint="auth_login")
class LoginUser(Resource):
    """Access tokens for registered users."""

    @auth_ns.expect(login_reqparser)
    @auth_ns.response(int(HTTPStatus.OK), "Logged in; here is a token.", token_model)
    @auth_ns.response(int(HTTPStatus.BAD_REQUEST), "Validation error.", error_model)
    @auth_ns.response(
        int(HTTPStatus.UNAUTHORIZED), "Email or password does not match.", error_model
    )
    def post(self) -> tuple[Any, ...]:
        """Log in with email and password."""
        args = login_reqparser.parse_args()
        user = business.log_in(args.email, args.password)
        return token_response(user, "successfully logged in", HTTPStatus.OK)


@auth_ns.route("/user", endpoint="auth_user")
class GetUser(Resource):
    """The caller's own account."""

    @auth_ns.doc(security="Bearer")
    @auth_ns.response(int(HTTPStatus.OK), "The token's user.", user_model)
    @auth_ns.response(
        int(HTTPStatus.UNAUTHORIZED), "Token missing, invalid or expired.", error_model
    )
    @token_required
    def get(self) -> dict[str, Any]:
        """Show the user the token belongs to and how long it stays valid."""
        body = marshal(g.current_user, user_model)
        body["token_expires_in"] = business.token_time_left(g.token_claims)
        return body


@auth_ns.route("/logout", endpoint="auth_logout")
class LogoutUser(Resource):
    """Ending a session."""

    @auth_ns.doc(security="Bearer")
    @auth_ns.response(int(HTTPStatus.OK), "Logged out; the token is revoked.", status_model)
    @auth_ns.response(
        int(HTTPStatus.UNAUTHORIZED), "Token missing, invalid or expired.", error_model
    )
    @token_required
    def post(self) -> dict[str, str]:
        """Revoke the access token this request was sent with."""
        business.revoke_token(g.token_claims)
        return {"status": "success", "message": "successfully logged out"}

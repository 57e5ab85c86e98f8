"""Success bodies every namespace sends: the status envelope and the token response."""

from http import HTTPStatus
from typing import Any

from flask import current_app
from flask_restx import Model, fields

from app.accounts.sessions import IssuedTokens
from app.accounts.sign_in import SecondStepNeeded, SignInOutcome
from app.api.browser_session import COOKIE, session_cookies
from app.api.errors import error_body
from app.security.csrf import csrf_value

status_model = Model(
    "Status",
    {
        "status": fields.String(example="success"),
        "message": fields.String(example="successfully logged out"),
    },
)

token_model = Model(
    "TokenResponse",
    {
        "status": fields.String(example="success"),
        "message": fields.String(example="successfully logged in"),
        "access_token": fields.String(description="Send as 'Authorization: Bearer <token>'"),
        "token_type": fields.String(example="bearer"),
        "expires_in": fields.Integer(description="Seconds until the access token expires"),
        "refresh_token": fields.String(
            description="Send to /auth/refresh for a new pair; not with refresh_transport=cookie"
        ),
        "csrf_token": fields.String(
            description="Only with refresh_transport=cookie: send as X-CSRF-Token to refresh"
        ),
    },
)


def success(message: str) -> dict[str, str]:
    """The status body of docs/API.md, status_model in the documents."""
    return {"status": "success", "message": message}


def token_response(
    tokens: IssuedTokens, message: str, status: HTTPStatus, transport: str
) -> tuple[dict[str, Any], HTTPStatus, list[tuple[str, str]]]:
    """A token pair in the shape of RFC 6749, section 5.1 (token_model in the documents); with
    the cookie transport, the refresh token goes into an HttpOnly cookie instead of the body."""
    body = success(message) | {
        "access_token": tokens.access_token,
        "token_type": "bearer",
        "expires_in": current_app.config["ACCESS_TOKEN_EXPIRE_SECONDS"],
    }
    if transport == COOKIE:
        csrf = csrf_value(tokens.session_id)
        return body | {"csrf_token": csrf}, status, session_cookies(tokens.refresh_token, csrf)
    return body | {"refresh_token": tokens.refresh_token}, status, []


def sign_in_response(
    outcome: SignInOutcome, transport: str
) -> tuple[dict[str, Any], HTTPStatus, list[tuple[str, str]]]:
    """The answer to a sign-in: its token response, or the 401 mfa_required that asks for the
    second step (mfa_required_model in the documents)."""
    if isinstance(outcome, SecondStepNeeded):
        second_step = {
            "error": "mfa_required",
            "mfa_token": outcome.mfa_token,
            "methods": outcome.methods,
        }
        return error_body(outcome.prompt) | second_step, HTTPStatus.UNAUTHORIZED, []
    return token_response(outcome.tokens, "successfully logged in", HTTPStatus.OK, transport)

"""Success bodies every namespace sends: the status envelope and the token response."""

from http import HTTPStatus
from typing import Any

from flask import current_app
from flask_restx import Model, fields

from app.accounts.sessions import IssuedTokens

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
        "refresh_token": fields.String(description="Send to /auth/refresh for a new pair"),
    },
)


def success(message: str) -> dict[str, str]:
    """The status body of docs/API.md, status_model in the documents."""
    return {"status": "success", "message": message}


def token_response(
    tokens: IssuedTokens, message: str, status: HTTPStatus
) -> tuple[dict[str, Any], HTTPStatus]:
    """A token pair in the shape of RFC 6749, section 5.1 (token_model in the documents)."""
    body = success(message) | {
        "access_token": tokens.access_token,
        "token_type": "bearer",
        "expires_in": current_app.config["ACCESS_TOKEN_EXPIRE_SECONDS"],
        "refresh_token": tokens.refresh_token,
    }
    return body, status

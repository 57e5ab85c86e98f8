"""Success bodies every namespace sends: the status envelope and the token response."""

from http import HTTPStatus
from typing import Any

from flask import current_app
from flask_restx import Model, fields

from app.accounts.sessions import IssuedTokens
from app.accounts.sign_in import SecondStepNeeded, SignInOutcome
from app.api import examples
from app.api.errors import error_body
from app.api.refresh_transport import MODEL_FIELDS, RefreshTransport

status_model = Model(
    "Status",
    {
        "status": fields.String(description="Always success here", example="success"),
        "message": fields.String(
            description="What happened, for a person", example="successfully logged out"
        ),
    },
)

token_model = Model(
    "TokenResponse",
    {
        "status": fields.String(description="Always success here", example="success"),
        "message": fields.String(
            description="What happened, for a person", example="successfully logged in"
        ),
        "access_token": fields.String(
            description="Send as 'Authorization: Bearer <token>'", example=examples.ACCESS_TOKEN
        ),
        "token_type": fields.String(description="Always bearer", example="bearer"),
        "expires_in": fields.Integer(
            description="Seconds until the access token expires", example=900
        ),
    }
    | MODEL_FIELDS,
)


def success(message: str) -> dict[str, str]:
    """The status body of docs/API.md, status_model in the documents."""
    return {"status": "success", "message": message}


def token_response(
    tokens: IssuedTokens, message: str, status: HTTPStatus, transport: RefreshTransport
) -> tuple[dict[str, Any], HTTPStatus, list[tuple[str, str]]]:
    """A token pair in the shape of RFC 6749, section 5.1 (token_model in the documents); the
    refresh token goes where `transport` puts it."""
    body = success(message) | {
        "access_token": tokens.access_token,
        "token_type": "bearer",
        "expires_in": current_app.config["ACCESS_TOKEN_EXPIRE_SECONDS"],
    }
    refresh_fields, headers = transport.issue(tokens)
    return body | refresh_fields, status, headers


def sign_in_response(
    outcome: SignInOutcome, transport: RefreshTransport
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

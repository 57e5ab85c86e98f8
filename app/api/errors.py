"""The error envelope of docs/API.md, and the handlers that send it everywhere."""

from http import HTTPStatus
from typing import Any

from flask import Flask, current_app
from flask_restx import Api, Model, fields
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.datastructures import Headers
from werkzeug.exceptions import BadRequest, HTTPException

from app.accounts.sign_up_policy import SignUpRefused
from app.errors import (
    AccountDisabled,
    BadCode,
    BadCredentials,
    Conflict,
    DomainError,
    EmailTaken,
    InvalidField,
    MustWait,
    NoSecondFactorLeft,
    NotFound,
    ScopeRefused,
    SignInExpired,
    TokenRefused,
    UnknownPasskey,
)
from app.ops.request_context import current_request_id
from app.security.bearer import BearerKind
from app.security.tokens import Refusal, TokenKind

error_model = Model(
    "Error",
    {
        "status": fields.String(description="Always fail on an error", example="fail"),
        "message": fields.String(
            description="A sentence for a person: what went wrong",
            example="Invalid token. Please log in again.",
        ),
        "errors": fields.Raw(
            description="Only on 400: what is wrong with each field",
            example={"email": "email must be an email address, such as ada@example.com."},
        ),
        "request_id": fields.String(
            description="Only on 500: quote it when you report it",
            example="9f1c2d3e4b5a69788796a5b4c3d2e1f0",
        ),
    },
)

# The answer to a right password when two-factor authentication is on (docs/API.md).
mfa_required_model = Model(
    "MfaRequired",
    {
        "status": fields.String(description="Always fail: not signed in yet", example="fail"),
        "message": fields.String(
            description="What to do next, for a person",
            example="Enter the code from your authenticator app.",
        ),
        "error": fields.String(
            description="mfa_required: send mfa_token and a code", example="mfa_required"
        ),
        "mfa_token": fields.String(
            description="For POST /auth/login/mfa, within 5 minutes",
            example="eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiI0ZjJi...",
        ),
        "methods": fields.List(
            fields.String,
            description="The second steps this account may take",
            example=["totp", "email", "passkey", "recovery_code"],
        ),
    },
)

VALIDATION_FAILED = "Input payload validation failed"
DATABASE_UNAVAILABLE_MESSAGE = "The database is unavailable. Please try again shortly."
DATABASE_RETRY_AFTER = 2  # seconds; a restart takes about that long
# Connection refused or dropped (OperationalError, InterfaceError), or no pooled connection
# free in time (TimeoutError): transient, never a bug.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout)

# The status of each domain error; its message is the error's own sentence.
DOMAIN_STATUS: dict[type[DomainError], HTTPStatus] = {
    EmailTaken: HTTPStatus.CONFLICT,
    Conflict: HTTPStatus.CONFLICT,
    BadCredentials: HTTPStatus.UNAUTHORIZED,
    BadCode: HTTPStatus.UNAUTHORIZED,
    SignInExpired: HTTPStatus.UNAUTHORIZED,
    NoSecondFactorLeft: HTTPStatus.UNAUTHORIZED,
    UnknownPasskey: HTTPStatus.UNAUTHORIZED,
    AccountDisabled: HTTPStatus.FORBIDDEN,
    NotFound: HTTPStatus.NOT_FOUND,
    ScopeRefused: HTTPStatus.FORBIDDEN,  # a scope the roles no longer grant, at a second step
    SignUpRefused: HTTPStatus.FORBIDDEN,  # registration closed; the others name a field
}
REFUSAL_MESSAGES = {
    Refusal.INVALID: "Invalid token. Please log in again.",
    Refusal.REVOKED: "Token blacklisted. Please log in again.",
    Refusal.DISABLED: "Account disabled.",
}

Response = tuple[dict[str, Any], int, dict[str, str] | Headers]


def error_body(message: str, errors: dict[str, str] | None = None) -> dict[str, Any]:
    """The envelope: status, a sentence for a person, and field errors when there are some."""
    body: dict[str, Any] = {"status": "fail", "message": message}
    if errors:
        body["errors"] = errors
    return body


# A documented response: status, when it is sent, its model, and the body shown as its example.
ResponseDoc = tuple[int, str, Model, dict[str, Any]]


def error_response(
    status: HTTPStatus, description: str, message: str, errors: dict[str, str] | None = None
) -> ResponseDoc:
    """An error a route documents (`@ns.response(*error_response(...))`): when it is sent, and
    the body it sends, with the message the code answers; Swagger UI shows it as the example."""
    return int(status), description, error_model, error_body(message, errors)


def response_docs(*responses: ResponseDoc) -> dict[str, tuple[str, Model, dict[str, Any]]]:
    """`responses` as @ns.doc(responses=...) takes them, each with its example body."""
    return {
        str(code): (text, model, {"example": example}) for code, text, model, example in responses
    }


def invalid_input(field: str, problem: str) -> ResponseDoc:
    """A route's 400, shown with the field error it sends most often."""
    description = "A field is missing or wrong: see errors."
    return error_response(HTTPStatus.BAD_REQUEST, description, VALIDATION_FAILED, {field: problem})


# The 401 that every protected operation documents.
TOKEN_REFUSED_RESPONSE = error_response(
    HTTPStatus.UNAUTHORIZED,
    "Token missing, invalid, expired or revoked.",
    REFUSAL_MESSAGES[Refusal.REVOKED],
)


def field_error(field: str, problem: str) -> BadRequest:
    """A 400 naming one field, shaped like the bundled errors of the request parsers."""
    error = BadRequest(VALIDATION_FAILED)
    error.data = {"message": VALIDATION_FAILED, "errors": {field: problem}}  # type: ignore[attr-defined]
    return error


def refusal_message(kind: TokenKind | BearerKind, reason: Refusal) -> str:
    """What a client is told about a refused token (docs/API.md, Refused tokens)."""
    if reason is Refusal.EXPIRED:
        return f"{kind.value.capitalize()} token expired. Please log in again."
    return REFUSAL_MESSAGES[reason]


CLIENT_AUTH_FAILED = "Client authentication failed."


class BearerTokenError(HTTPException):
    """A refused bearer token: 401, or 403 with insufficient_scope (RFC 6750, section 3)."""

    def __init__(
        self,
        realm: str,
        error: str | None = None,
        description: str = "Unauthorized",
        code: int = 401,
        headers: list[tuple[str, str]] | None = None,
        max_age: int | None = None,
        scope: str | None = None,
    ) -> None:
        super().__init__(description)
        self.code = code
        self.extra_headers = headers or []  # Set-Cookie that clears a refused refresh cookie
        params = [f'realm="{realm}"']
        if error:  # section 3.1: a request that sent no token gets no error code
            params += [f'error="{error}"', f'error_description="{description}"']  # no " or \
        if scope is not None:  # section 3: the scope the request needs
            params.append(f'scope="{scope}"')
        if max_age is not None:  # RFC 9470, section 3: how recent a sign-in must be
            params.append(f"max_age={max_age}")
        self.challenge = "Bearer " + ", ".join(params)


class ClientCredentialsRefused(HTTPException):
    """A client's credentials (RFC 6749, 2.3) are wrong, where a bearer token would do too
    (introspection): 401 in the envelope, as a refused token is, with a Basic challenge."""

    code = 401
    description = CLIENT_AUTH_FAILED


def register_api_error_handlers(api: Api) -> None:
    """Errors inside the Api; flask-restx tries handlers in this order, first match wins."""
    api.errorhandler(BearerTokenError)(_bearer_token_error)
    api.errorhandler(ClientCredentialsRefused)(_client_credentials_refused)
    api.errorhandler(DomainError)(_domain_error)
    api.errorhandler(HTTPException)(_http_error)
    for unavailable in DATABASE_UNAVAILABLE:
        api.errorhandler(unavailable)(_database_unavailable)
    api.errorhandler(Exception)(_unexpected_error)


def register_app_error_handlers(app: Flask) -> None:
    """Errors outside the Api (unknown URLs, methods, unexpected failures) get the envelope too."""
    app.register_error_handler(HTTPException, _http_error)
    for unavailable in DATABASE_UNAVAILABLE:
        app.register_error_handler(unavailable, _database_unavailable)
    app.register_error_handler(Exception, _unexpected_error)


def _bearer_token_error(error: BearerTokenError) -> Response:
    """Token missing, invalid, expired, revoked or not enough."""
    headers = Headers([("WWW-Authenticate", error.challenge), *error.extra_headers])
    return error_body(error.description or ""), error.code or 401, headers


def _client_credentials_refused(_: ClientCredentialsRefused) -> Response:
    return (
        error_body(CLIENT_AUTH_FAILED),
        HTTPStatus.UNAUTHORIZED,
        {"WWW-Authenticate": basic_challenge()},
    )


def basic_challenge() -> str:
    """The challenge of a client that failed HTTP Basic (RFC 6749, 5.2; RFC 7617)."""
    return f'Basic realm="{current_app.config["AUTH_REALM_USERS"]}", error="invalid_client"'


def _domain_error(error: DomainError) -> Response:
    """A request the business refused: taken, not found, bad credentials or an unusable token."""
    if isinstance(error, TokenRefused):  # sent in a body, but refused like a bearer token
        realm = current_app.config["AUTH_REALM_USERS"]
        message = refusal_message(error.kind, error.reason)
        return _bearer_token_error(BearerTokenError(realm, "invalid_token", message))
    if isinstance(error, InvalidField):
        return error_body(VALIDATION_FAILED, {error.field: str(error)}), HTTPStatus.BAD_REQUEST, {}
    if isinstance(error, MustWait):
        retry_after = {"Retry-After": str(error.retry_after)}
        return error_body(str(error)), HTTPStatus.TOO_MANY_REQUESTS, retry_after
    status = domain_status(type(error))
    if status is None:  # a bug: test_domain_errors.py walks every DomainError to prevent it
        return _unexpected_error(error)
    return error_body(str(error)), status, {}


def domain_status(kind: type[DomainError]) -> HTTPStatus | None:
    """The status of the nearest class in `kind`'s hierarchy (MRO) that DOMAIN_STATUS maps, so
    a subclass answers like its parent unless it has a row of its own."""
    return next((DOMAIN_STATUS[cls] for cls in kind.__mro__ if cls in DOMAIN_STATUS), None)


def _http_error(error: HTTPException) -> Response:
    """Any werkzeug error: reqparse's field errors ride on `.data`, the rest on `.description`."""
    data = getattr(error, "data", None) or {}
    code = error.code or HTTPStatus.INTERNAL_SERVER_ERROR
    body = error_body(data.get("message") or error.description or "", data.get("errors"))
    error.data = body  # type: ignore[attr-defined]  # flask-restx sends .data over our body
    headers = {name: value for name, value in error.get_headers() if name != "Content-Type"}
    return body, code, headers


def _database_unavailable(error: Exception) -> Response:
    """The database is unavailable: 503, and the same request may well work in a moment.

    It refused or dropped the connection, or no pooled connection came free in time; nothing
    was committed.
    """
    current_app.logger.warning("Database unavailable: %s", getattr(error, "orig", error))
    body = error_body(DATABASE_UNAVAILABLE_MESSAGE)
    return body, HTTPStatus.SERVICE_UNAVAILABLE, {"Retry-After": str(DATABASE_RETRY_AFTER)}


def _unexpected_error(error: Exception) -> Response:
    """A bug: log it with its traceback, and tell the client nothing about it."""
    if isinstance(error, HTTPException):  # Flask routes its own InternalServerError here
        return _http_error(error)
    current_app.logger.error("Unhandled exception", exc_info=error)
    body = error_body("Internal server error") | {"request_id": current_request_id()}
    return body, HTTPStatus.INTERNAL_SERVER_ERROR, {}

"""token_required / admin_token_required: check the bearer token and document that check.

Each decorator both guards a Resource method and adds its padlock and its 401/403 responses to
Swagger, so the documentation and the check cannot drift apart.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, NoReturn

from flask import current_app, g, request
from flask_restx.utils import merge

from app.api.auth.bearer import authenticate
from app.api.auth.tokens import TokenKind
from app.api.errors import (
    FORBIDDEN_RESPONSE,
    REFUSAL_MESSAGES,
    TOKEN_REFUSED_RESPONSE,
    BearerTokenError,
    refusal_message,
)
from app.errors import Refusal
from app.models.user import User

NOT_ADMIN = "You are not an administrator"
ResponseDoc = tuple[int, str, Any]


def token_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Run `view` only for a valid token; the caller is then g.current_user."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _authenticate(current_app.config["AUTH_REALM_USERS"])
        return view(*args, **kwargs)

    return _documented(wrapper, TOKEN_REFUSED_RESPONSE)


def admin_token_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Run `view` only for an admin's valid token; the caller is then g.current_user."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        realm = current_app.config["AUTH_REALM_ADMINS"]
        if not _authenticate(realm).admin:  # read from the database on every request
            raise BearerTokenError(realm, "insufficient_scope", NOT_ADMIN, code=403)
        return view(*args, **kwargs)

    return _documented(wrapper, TOKEN_REFUSED_RESPONSE, FORBIDDEN_RESPONSE)


def _documented(view: Callable[..., Any], *responses: ResponseDoc) -> Callable[..., Any]:
    """Give `view` the Bearer padlock and `responses` in Swagger, as @ns.doc would."""
    doc = {
        "security": "Bearer",
        "responses": {str(code): (text, model, {}) for code, text, model in responses},
    }
    view.__apidoc__ = merge(getattr(view, "__apidoc__", {}), doc)  # type: ignore[attr-defined]
    return view


def _authenticate(realm: str) -> User:
    """Check the request's token and its user; g lives and dies with this request."""

    def refuse(reason: Refusal) -> NoReturn:
        raise BearerTokenError(realm, "invalid_token", refusal_message(TokenKind.ACCESS, reason))

    bearer = authenticate(_token_from_header(realm)).on_failure(refuse).value
    g.current_user, g.token_claims = bearer.user, bearer.claims
    return bearer.user


def _token_from_header(realm: str) -> str:
    """`Bearer <token>` in any letter case, or a bare token as Swagger UI's Authorize sends it."""
    parts = request.headers.get("Authorization", "").split()
    if len(parts) == 1 and parts[0].lower() != "bearer":
        return parts[0]
    if len(parts) < 2 or parts[0].lower() != "bearer":
        raise BearerTokenError(realm)  # no usable token: a challenge without an error code
    if len(parts) > 2:
        raise BearerTokenError(realm, "invalid_token", REFUSAL_MESSAGES[Refusal.INVALID])
    return parts[1]

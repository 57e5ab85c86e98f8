"""token_required / admin_token_required: put the caller on flask.g or raise BearerTokenError."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import current_app, g, request

from app.api.errors import BearerTokenError
from app.models.user import User
from app.util.jwt_codec import INVALID_TOKEN

NOT_ADMIN = "You are not an administrator"


def token_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Run `view` only for a valid token; the caller is then g.current_user."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _authenticate(current_app.config["AUTH_REALM_USERS"])
        return view(*args, **kwargs)

    return wrapper


def admin_token_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Run `view` only for an admin's valid token; the caller is then g.current_user."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        realm = current_app.config["AUTH_REALM_ADMINS"]
        if not _authenticate(realm).admin:  # read from the database on every request
            raise BearerTokenError(realm, "insufficient_scope", NOT_ADMIN, code=403)
        return view(*args, **kwargs)

    return wrapper


def _authenticate(realm: str) -> User:
    """Check the request's token and its user; g lives and dies with this request."""
    result = User.decode_access_token(_token_from_header(realm))
    if result.value is None:
        raise BearerTokenError(realm, "invalid_token", result.error or INVALID_TOKEN)
    g.current_user, g.token_claims = result.value.user, result.value.claims
    return result.value.user


def _token_from_header(realm: str) -> str:
    """`Bearer <token>` in any letter case, or a bare token as Swagger UI's Authorize sends it."""
    parts = request.headers.get("Authorization", "").split()
    if len(parts) == 1 and parts[0].lower() != "bearer":
        return parts[0]
    if len(parts) < 2 or parts[0].lower() != "bearer":
        raise BearerTokenError(realm)  # no usable token: a challenge without an error code
    if len(parts) > 2:
        raise BearerTokenError(realm, "invalid_token", INVALID_TOKEN)
    return parts[1]

"""permission_required / account_token_required: check and document a token;
token_or_refresh_cookie_required lets a browser's refresh cookie in where a token is missing;
sensitive applies the policy of a sensitive operation (app/accounts/sensitive.py) and marks the
route with it.

The account's own routes need a full session: a personal token or a session narrowed by a
scope gets 403 insufficient_scope, scope="account", except where a narrowed session may read
who it is or log itself out (session_token_required, token_or_refresh_cookie_required).

Each decorator both guards a Resource method and adds its padlock and its 401/403 responses to
Swagger, so the documentation and the check cannot drift apart. With REQUIRE_VERIFIED_EMAIL,
token_required and admin_token_required also refuse an unverified address; the routes a person
uses to look after their own account (under /auth) take account_token_required, which does not.
"""

from collections.abc import Callable
from functools import wraps
from http import HTTPStatus
from typing import Any, NoReturn

from flask import current_app, g, request
from flask_restx.utils import merge

from app import db
from app.accounts import security_events
from app.accounts.sensitive import SENSITIVE_OPERATIONS, Operation, Policy
from app.accounts.sessions import is_recent
from app.api.client_auth import ClientAuthFailed, sending_client
from app.api.errors import (
    REFUSAL_MESSAGES,
    TOKEN_REFUSED_RESPONSE,
    BearerTokenError,
    ClientCredentialsRefused,
    ResponseDoc,
    error_response,
    refusal_message,
    response_docs,
)
from app.api.refresh_transport import COOKIE_TRANSPORT
from app.api.request_origin import request_origin
from app.models import OAuthClient
from app.models.user import Account, User
from app.ops import audit
from app.ops.audit import AuditEvent
from app.ops.metrics import TOKENS_REFUSED
from app.security.bearer import Bearer, BearerKind
from app.security.bearer_strategies import strategy_for
from app.security.permissions import OTHER_PEOPLES_DATA, ROLE_PERMISSIONS
from app.security.tokens import Refusal

NOT_ADMIN = "You are not an administrator"
NARROW_SCOPE = "Your token's scope does not include this"
NOT_WITH_PERSONAL_TOKEN = "A personal access token cannot do this; log in instead"
NOT_WITH_NARROW_SESSION = "A session narrowed by a scope cannot do this; log in without one"
NOT_WITH_CLIENT_TOKEN = "A token issued to another app cannot do this; sign in here instead"
NOT_GRANTED = "This token was not granted that scope by a person signing in to a client"
ACCOUNT_SCOPE = "account"  # what a personal token or a narrowed session lacks (RFC 6750 scope)
FULL_SESSION_REFUSED = error_response(
    HTTPStatus.FORBIDDEN,
    'A personal access token, or a session narrowed by a scope (scope="account").',
    NOT_WITH_PERSONAL_TOKEN,
)
PERSONAL_TOKEN_REFUSED = error_response(
    HTTPStatus.FORBIDDEN, 'A personal access token (scope="account").', NOT_WITH_PERSONAL_TOKEN
)
NOT_VERIFIED = "Verify your email address first"
NO_MFA = "Turn on two-factor authentication first"
NOT_RECENT = "Confirm it is you: log in again."
STEP_UP_RESPONSE = error_response(
    HTTPStatus.UNAUTHORIZED,
    "Token missing, invalid or expired; or, insufficient_user_authentication: the sign-in is "
    "not recent enough (REAUTH_MAX_AGE) or lacks the second factor: POST /auth/reauthenticate.",
    NOT_RECENT,
)
# RFC 6750 error_description allows no double quote or backslash: single quotes only.
DOUBLE_BEARER = (
    "Invalid token: the header says 'Bearer' twice. Send 'Bearer <token>'; in Swagger UI's "
    "Authorize dialog, paste the token alone."
)


def account_token_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Run `view` for the access token of a full session, verified address or not; the caller
    is g.account."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _authenticate(current_app.config["AUTH_REALM_USERS"])
        return view(*args, **kwargs)

    return _documented(
        wrapper, TOKEN_REFUSED_RESPONSE, FULL_SESSION_REFUSED, security=token_security()
    )


def session_token_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """As account_token_required, for a session narrowed by a scope too: what it may do on
    the account's routes is read who it is."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _authenticate(current_app.config["AUTH_REALM_USERS"], narrowed_allowed=True)
        return view(*args, **kwargs)

    return _documented(
        wrapper, TOKEN_REFUSED_RESPONSE, PERSONAL_TOKEN_REFUSED, security=token_security()
    )


def sensitive(operation: Operation) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A route that does a sensitive operation: a full session, then what its policy asks (a
    verified address, step-up; 403 before 401); the route is marked with `operation` in the
    API documents, for clients and for the tests that walk the table."""
    policy = SENSITIVE_OPERATIONS[operation]

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            _require_policy(policy)
            return view(*args, **kwargs)

        documented = _documented(guarded, STEP_UP_RESPONSE) if policy.step_up else guarded
        return _documented(account_token_required(documented), vendor=_marked(operation))

    return decorate


def sensitive_when_signed_in(
    operation: Operation,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Run `view` for anyone; a token sent must be valid and makes the request `operation`
    (linking to the signed-in account), under its policy as with `sensitive`; then
    signed_in_user() is its user."""
    policy = SENSITIVE_OPERATIONS[operation]

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if "Authorization" in request.headers:
                _authenticate(current_app.config["AUTH_REALM_USERS"])
                _require_policy(policy)
            return view(*args, **kwargs)

        # No padlock: Swagger UI would draw an optional token as one already given.
        return _documented(
            wrapper,
            STEP_UP_RESPONSE,
            FULL_SESSION_REFUSED,
            security=[],
            vendor=_marked(operation),
        )

    return decorate


def permission_required(
    permission: str, *, or_a_client: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Run `view` only for a valid token that holds `permission` now: its user's roles grant
    it and the token's scope keeps it. Otherwise 403 insufficient_scope, naming the scope.

    What every role has (widgets:read) is asked in the users' realm; the rest in the admins',
    where REQUIRE_MFA_FOR_ADMINS also holds an admin to two-factor. With `or_a_client`, a
    registered client's credentials (RFC 6749, 2.3) let `view` run instead, for what concerns
    that client alone: g.client is it (wrong ones: 401 invalid_client).
    """
    everyone_has_it = permission in ROLE_PERMISSIONS["user"]
    needs = f"Lacks {permission}; with REQUIRE_VERIFIED_EMAIL, also an unverified address."
    refusal = error_response(
        HTTPStatus.FORBIDDEN, needs, NARROW_SCOPE if everyone_has_it else NOT_ADMIN
    )

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            g.client = _sending_client() if or_a_client else None
            if g.client is not None:
                return view(*args, **kwargs)
            config = current_app.config
            realm = config["AUTH_REALM_USERS" if everyone_has_it else "AUTH_REALM_ADMINS"]
            bearer = _authenticate(realm, personal_token_allowed=True, narrowed_allowed=True)
            user = bearer.account
            if permission not in bearer.permissions:  # roles are read on every request
                reason = NOT_ADMIN if permission not in bearer.role_permissions else NARROW_SCOPE
                _forbid(realm, user, reason, permission)
            if user is not None:  # a person's token; a client's own holds no such permission
                sees_others = bool(bearer.role_permissions & OTHER_PEOPLES_DATA)
                if sees_others and not everyone_has_it and not user.mfa_enabled:
                    if config["REQUIRE_MFA_FOR_ADMINS"]:
                        _forbid(realm, user, NO_MFA, permission)
                _require_verified(realm, user)
            return view(*args, **kwargs)

        return _documented(
            wrapper, TOKEN_REFUSED_RESPONSE, refusal, security=token_security(permission)
        )

    return decorate


def granted_to_a_client(scope: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Run `view` only for an access token a person granted an OAuth client, with `scope`
    among what they granted (openid, for userinfo); 403 insufficient_scope otherwise. The
    person is g.account."""
    refusal = error_response(HTTPStatus.FORBIDDEN, f"Not granted {scope}.", NOT_GRANTED)

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            realm = current_app.config["AUTH_REALM_USERS"]
            bearer = _authenticate(realm, personal_token_allowed=True, narrowed_allowed=True)
            granted = bearer.client_id is not None and bearer.account is not None
            if not granted or scope not in (bearer.scope or ()):
                _forbid(realm, bearer.account, NOT_GRANTED, scope)
            return view(*args, **kwargs)

        granted = [{"OpenID": [scope]}]  # the identity provider's scheme (blueprint.py)
        return _documented(wrapper, TOKEN_REFUSED_RESPONSE, refusal, security=granted)

    return decorate


def _sending_client() -> OAuthClient | None:
    """The client that authenticated this request, if one tried; 401 invalid_client (RFC
    6749, 5.2, with a Basic challenge) when its credentials are wrong."""
    try:
        return sending_client()
    except ClientAuthFailed:
        raise ClientCredentialsRefused() from None


def token_or_refresh_cookie_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """As account_token_required; a request with no Authorization header but the refresh cookie
    of a browser session runs `view` too, once the cookie's CSRF check passes, with g.account
    None and the cookie in g.refresh_cookie."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if "Authorization" not in request.headers and COOKIE_TRANSPORT.sent() is not None:
            g.account, g.refresh_cookie = None, COOKIE_TRANSPORT.read()
        else:
            _authenticate(current_app.config["AUTH_REALM_USERS"], narrowed_allowed=True)
        return view(*args, **kwargs)

    return _documented(wrapper, TOKEN_REFUSED_RESPONSE, security=token_security())


def recent_authentication_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Under a token decorator: run `view` only when the token's user proved who they are
    within REAUTH_MAX_AGE, with the second factor if they have one on (RFC 9470 step-up).
    Otherwise 401 insufficient_user_authentication: POST /auth/reauthenticate, then again."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _require_recent_sign_in()
        return view(*args, **kwargs)

    return _documented(wrapper, STEP_UP_RESPONSE)


def _require_policy(policy: Policy) -> None:
    """What a sensitive operation asks beyond a full session: a verified address (403) where
    it adds a way in, then step-up (401); then the account held still until the change
    commits, refused if a security event ended the token since it was checked."""
    if policy.verified_address and not g.account.email_verified:
        _forbid(g.realm, g.account, NOT_VERIFIED)
    if policy.step_up:
        _require_recent_sign_in()
    if not security_events.held_since(g.account.id, g.account.tokens_valid_after):
        raise BearerTokenError(g.realm, "invalid_token", REFUSAL_MESSAGES[Refusal.REVOKED])


def _require_recent_sign_in() -> None:
    """401 insufficient_user_authentication unless g's token comes from a sign-in within
    REAUTH_MAX_AGE, with the second factor when the user has one on."""
    bearer, account = g.bearer, g.account
    if bearer.auth_time is None:  # a personal token: no sign-in behind it to be recent
        _forbid(g.realm, account, NOT_WITH_PERSONAL_TOKEN, ACCOUNT_SCOPE)
    if not is_recent(bearer.auth_time, bearer.amr, account.mfa_enabled):
        error, max_age = "insufficient_user_authentication", current_app.config["REAUTH_MAX_AGE"]
        raise BearerTokenError(g.realm, error, NOT_RECENT, max_age=max_age)


def require_full_session() -> None:
    """Under permission_required, for a route that can reach the caller's own account: 403
    insufficient_scope, scope="account", for a session narrowed by a scope, as on the
    account's own routes (personal tokens never pass step-up)."""
    if g.bearer.scope is not None:
        _forbid(g.realm, g.account, NOT_WITH_NARROW_SESSION, ACCOUNT_SCOPE)


def current_user() -> User:
    """The caller as a User in this request's session, for a route that changes the account
    or what it owns; the token check itself reads only the lighter g.account. A client's own
    token has no account: 403, as on the account's routes."""
    if g.account is None:
        _forbid(g.realm, None, NOT_WITH_CLIENT_TOKEN, ACCOUNT_SCOPE)
    user = db.session.get(User, g.account.id)
    if user is None:  # deleted since its token was checked
        raise BearerTokenError(g.realm, "invalid_token", REFUSAL_MESSAGES[Refusal.INVALID])
    return user


def signed_in_user() -> User | None:
    """Under sensitive_when_signed_in: the caller, if a token came."""
    return current_user() if "account" in g else None


def _require_verified(realm: str, user: Account) -> None:
    """403 for an unverified address when REQUIRE_VERIFIED_EMAIL is on."""
    if current_app.config["REQUIRE_VERIFIED_EMAIL"] and not user.email_verified:
        _forbid(realm, user, NOT_VERIFIED)


def _forbid(realm: str, user: Account | None, reason: str, scope: str | None = None) -> NoReturn:
    """403 insufficient_scope (RFC 6750), naming the `scope` it needs, recorded on its own in
    the audit trail."""
    audit.count_refusal(
        AuditEvent.ACCESS_DENIED, request_origin(), actor=user, reason=reason, path=request.path
    )
    raise BearerTokenError(realm, "insufficient_scope", reason, code=403, scope=scope)


def token_security(scope: str | None = None) -> list[dict[str, list[str]]]:
    """Either scheme of the API documents: an access token pasted into Swagger UI (Bearer), or
    one it gets from /auth/token with email and password (OAuth2), naming the `scope` needed."""
    return [{"Bearer": []}, {"OAuth2": [scope] if scope else []}]


def _marked(operation: Operation) -> dict[str, str]:
    """The operation's name in the API documents (`x-sensitive-operation`), where clients and
    the tests that walk the table of sensitive operations read it."""
    return {"x-sensitive-operation": operation.name}


def _documented(
    view: Callable[..., Any],
    *responses: ResponseDoc,
    security: Any = None,
    vendor: dict[str, str] | None = None,
) -> Callable[..., Any]:
    """Give `view` its padlock (`security`, when given), `responses` and `vendor` extensions
    in Swagger, as @ns.doc would."""
    doc: dict[str, Any] = {
        "responses": response_docs(*responses),
    }
    if security is not None:
        doc["security"] = security
    if vendor is not None:
        doc["vendor"] = vendor
    # What a decorator nearer the view documented (the step-up 401) stays.
    view.__apidoc__ = merge(doc, getattr(view, "__apidoc__", {}))  # type: ignore[attr-defined]
    return view


def _authenticate(
    realm: str, *, personal_token_allowed: bool = False, narrowed_allowed: bool = False
) -> Bearer:
    """Check the request's token with the strategy that recognises it; g lives and dies with
    this request. A personal token or a client's own token works only where a permission is
    asked, and a narrowed session only there and where `narrowed_allowed`: never to manage the
    account."""
    token = _token_from_header(realm)
    strategy = strategy_for(token)

    def refuse(reason: Refusal) -> NoReturn:
        TOKENS_REFUSED.labels(reason.value).inc()
        raise BearerTokenError(realm, "invalid_token", refusal_message(strategy.kind, reason))

    bearer = strategy.authenticate(token, request.remote_addr or "").on_failure(refuse).value
    g.account, g.bearer, g.realm = bearer.account, bearer, realm
    if bearer.client_id is not None and not personal_token_allowed:  # another app's token
        _forbid(realm, bearer.account, NOT_WITH_CLIENT_TOKEN, ACCOUNT_SCOPE)
    if bearer.kind is BearerKind.PERSONAL and not personal_token_allowed:
        _forbid(realm, bearer.account, NOT_WITH_PERSONAL_TOKEN, ACCOUNT_SCOPE)
    if bearer.scope is not None and not narrowed_allowed:
        _forbid(realm, bearer.account, NOT_WITH_NARROW_SESSION, ACCOUNT_SCOPE)
    return bearer


def _token_from_header(realm: str) -> str:
    """`Bearer <token>` in any letter case, or a bare token as Swagger UI's Authorize sends it."""
    parts = request.headers.get("Authorization", "").split()
    if len(parts) == 1 and parts[0].lower() != "bearer":
        return parts[0]
    if len(parts) < 2 or parts[0].lower() != "bearer":
        raise BearerTokenError(realm)  # no usable token: a challenge without an error code
    if len(parts) > 2:
        double = parts[1].lower() == "bearer"  # Swagger UI adds Bearer to what was pasted
        message = DOUBLE_BEARER if double else REFUSAL_MESSAGES[Refusal.INVALID]
        raise BearerTokenError(realm, "invalid_token", message)
    return parts[1]

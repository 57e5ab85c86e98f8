"""Browser sessions (docs/API.md): the cookies of the refresh cookie transport
(refresh_transport.py), the refresh token HttpOnly and its CSRF value readable by the page, and
the checks a request that uses the refresh cookie must pass.

Access tokens stay bearer tokens in the Authorization header, which no other site can make a
browser send; only /auth/refresh and /auth/logout read the cookie, so only they check CSRF.
A third cookie binds a sign-in with an OpenID Connect provider to the browser that started it.
"""

import re
from http import HTTPStatus
from secrets import token_urlsafe

from flask import current_app, request
from werkzeug.exceptions import Forbidden
from werkzeug.http import dump_cookie

from app.api.errors import BearerTokenError, error_response, refusal_message
from app.api.public_url import public_origin
from app.errors import TokenRefused
from app.security.csrf import csrf_matches

REFRESH, CSRF, BROWSER = "refresh", "csrf", "signin-browser"
BROWSER_KEY = re.compile(r"[A-Za-z0-9_-]{43}")  # token_urlsafe(32)
CSRF_HEADER = "X-CSRF-Token"
CSRF_FAILED = "CSRF check failed."
UNLISTED_ORIGIN = "This origin may not start a cookie session; ask for it in CORS_ORIGINS."
CSRF_FAILED_RESPONSE = error_response(
    HTTPStatus.FORBIDDEN,
    "Refresh cookie without its CSRF value, or from an origin not allowed.",
    CSRF_FAILED,
)
Headers = list[tuple[str, str]]


class CsrfFailed(Forbidden):
    """A request that uses the refresh cookie without proof that our own page sent it."""

    description = CSRF_FAILED


def session_cookies(refresh_token: str, csrf: str) -> Headers:
    """Set-Cookie for the refresh token (HttpOnly) and the CSRF value (readable by the page)."""
    max_age = current_app.config["REFRESH_TOKEN_EXPIRE_SECONDS"]
    return [_cookie(REFRESH, refresh_token, max_age), _cookie(CSRF, csrf, max_age)]


def cleared_cookies() -> Headers:
    """Set-Cookie headers that make the browser forget both cookies."""
    return [_cookie(REFRESH, "", 0), _cookie(CSRF, "", 0)]


def has_session_cookies() -> bool:
    """True when the request carries either cookie of a browser session."""
    return any(_name(base) in request.cookies for base in (REFRESH, CSRF))


def refresh_cookie() -> str | None:
    """The refresh cookie as sent, if any."""
    return request.cookies.get(_name(REFRESH))


def check_starting_origin() -> None:
    """Where only listed origins may start a cookie session, 403 for another."""
    origin = request.headers.get("Origin")
    if current_app.config["COOKIES_FROM_LISTED_ORIGINS_ONLY"] and origin is not None:
        if not allowed_origin(origin):
            raise Forbidden(UNLISTED_ORIGIN)


def check_csrf(session_id: str) -> None:
    """The X-CSRF-Token header must be the session's value, and an Origin sent must be ours;
    CsrfFailed (403) otherwise."""
    origin = request.headers.get("Origin")
    if origin is not None and not allowed_origin(origin):
        raise CsrfFailed()
    if not csrf_matches(session_id, request.headers.get(CSRF_HEADER, "")):
        raise CsrfFailed()


def allowed_origin(origin: str) -> bool:
    """The API's own origin, or one listed in CORS_ORIGINS (* lists none)."""
    return origin == public_origin() or origin in current_app.config["CORS_ORIGINS"]


def refused_cookie(refused: TokenRefused) -> BearerTokenError:
    """The 401 of a refused refresh cookie, which also makes the browser forget both cookies."""
    realm = current_app.config["AUTH_REALM_USERS"]
    message = refusal_message(refused.kind, refused.reason)
    return BearerTokenError(realm, "invalid_token", message, headers=cleared_cookies())


def sent_browser_key() -> str:
    """The key of the browser's sign-in cookie, or "" (none, or not one of ours)."""
    sent = request.cookies.get(_name(BROWSER), "")
    return sent if BROWSER_KEY.fullmatch(sent) else ""


def browser_key() -> str:
    """The key that binds a trip to a sign-in provider to this browser: the one its cookie
    holds (so two tabs can sign in at once), or a new one."""
    return sent_browser_key() or token_urlsafe(32)


def browser_key_cookie(key: str) -> tuple[str, str]:
    """Set-Cookie for the browser key. SameSite=Lax, not Strict: the provider sends the browser
    back with a cross-site navigation, which a Strict cookie would miss."""
    return _cookie(BROWSER, key, current_app.config["OIDC_STATE_SECONDS"], samesite="Lax")


def _name(base: str) -> str:
    """__Host- names when secure: the browser then takes them only over HTTPS, for this host
    alone, with Path=/ (RFC 6265bis, cookie prefixes)."""
    return f"__Host-{base}" if current_app.config["COOKIE_SECURE"] else base


def _cookie(base: str, value: str, max_age: int, samesite: str = "Strict") -> tuple[str, str]:
    secure = current_app.config["COOKIE_SECURE"]
    cookie = dump_cookie(
        _name(base),
        value,
        max_age=max_age,
        path="/",
        secure=secure,
        httponly=base != CSRF,  # the page reads the CSRF value, and nothing else
        samesite=samesite,
    )
    return "Set-Cookie", cookie

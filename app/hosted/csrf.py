"""CSRF tokens of the hosted forms: a random secret in a cookie of its own, and in each form an
HMAC of it (app/security/csrf.py), compared in constant time. A cross-site form can neither
read the token nor plant the `__Host-` cookie, so a POST that matches came from our page."""

from secrets import token_urlsafe

from flask import g
from werkzeug.wrappers import Response

from app.hosted.cookies import CSRF, put_cookie, read_cookie
from app.security.csrf import csrf_matches, csrf_value


def form_token() -> str:
    """The token this browser's forms carry; a new secret (and cookie) the first time."""
    secret = read_cookie(CSRF) or g.get("new_csrf_secret")
    if secret is None:
        secret = g.new_csrf_secret = token_urlsafe(32)
    return csrf_value(secret)


def token_matches(offered: str | None) -> bool:
    """Whether `offered` is the token of the secret this browser's cookie holds."""
    secret = read_cookie(CSRF)
    return secret is not None and offered is not None and csrf_matches(secret, offered)


def keep_new_secret(response: Response) -> Response:
    """Send the cookie of a secret made during this request (after_request)."""
    if secret := g.get("new_csrf_secret"):
        put_cookie(response, CSRF, secret)
    return response

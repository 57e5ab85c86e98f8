"""The hosted pages' cookies. Over https (PUBLIC_URL's scheme) each is a `__Host-` cookie:
Secure, Path=/, no Domain, so no other site or subdomain can plant or read one. A development
server on plain http could never get a Secure cookie back, so there the same cookies go without
the prefix and without Secure; production requires an https PUBLIC_URL anyway."""

from urllib.parse import urlsplit

from flask import request
from werkzeug.wrappers import Response

from app.running import setting

SESSION = "idp"  # the hosted session's secret
CSRF = "idp-csrf"  # the secret the forms' CSRF tokens are derived from
SECOND_STEP = "idp-mfa"  # the mfa_token of a sign-in waiting for its second factor
NEXT = "idp-next"  # where to go after a sign-in through a provider, while it is away there


def is_secure() -> bool:
    """Whether the site is served over https, as PUBLIC_URL says."""
    return urlsplit(setting("PUBLIC_URL")).scheme == "https"


def cookie_name(base: str) -> str:
    """`__Host-idp` over https, `idp` on a plain-http development server."""
    return f"__Host-{base}" if is_secure() else base


def read_cookie(base: str) -> str | None:
    """The value the browser sent for cookie `base`, if any."""
    return request.cookies.get(cookie_name(base)) or None


def put_cookie(response: Response, base: str, value: str, max_age: int | None = None) -> None:
    """Set cookie `base`: HttpOnly, SameSite=Lax (a client's redirect back carries it)."""
    response.set_cookie(
        cookie_name(base),
        value,
        max_age=max_age,
        path="/",
        secure=is_secure(),
        httponly=True,
        samesite="Lax",
    )


def clear_cookie(response: Response, base: str) -> None:
    """Tell the browser to forget cookie `base`."""
    response.delete_cookie(
        cookie_name(base), path="/", secure=is_secure(), httponly=True, samesite="Lax"
    )

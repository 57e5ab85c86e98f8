"""Absolute URLs the API hands out, built from PUBLIC_URL, never from the request's Host header
(API.md, "Hardening"): a forged Host must not send a provider's code, or a browser, elsewhere."""

from typing import Any

from flask import request, url_for

from app.running import setting


def public_origin() -> str:
    """PUBLIC_URL; where it may be empty (not in production), the request's own host, which
    TRUSTED_HOSTS has let in."""
    configured: str = setting("PUBLIC_URL")
    return configured or request.host_url.rstrip("/")


def absolute_url(endpoint: str, **values: Any) -> str:
    """The URL of `endpoint` under the public origin."""
    return public_origin() + url_for(endpoint, **values)

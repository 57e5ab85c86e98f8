"""Rate limits on single routes: the limit is a setting, and each 429 is audited and counted."""

from collections.abc import Callable
from functools import wraps
from http import HTTPStatus
from typing import Any

from flask import current_app, request
from flask_limiter import RequestLimit

from app import limiter
from app.accounts.fields import address_as_counted
from app.api.body import body_field
from app.api.errors import error_response
from app.api.request_origin import request_origin
from app.ops.audit import AuditEvent, count_refusal
from app.ops.metrics import RATE_LIMITED
from app.ops.request_floor import mark_rate_limited

TOO_MANY_MESSAGE = "Too many requests. Please wait and try again."
TOO_MANY = error_response(
    HTTPStatus.TOO_MANY_REQUESTS, "Rate limit hit; see Retry-After.", TOO_MANY_MESSAGE
)


def rate_limit(setting: str, key_func: Callable[[], str] | None = None) -> Any:
    """Limit a view to config[setting], per client address unless `key_func` says otherwise."""
    limit = limiter.limit(
        lambda: current_app.config[setting],
        key_func=key_func,
        error_message=TOO_MANY_MESSAGE,
        on_breach=_record_breach,
    )

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        limited_view = limit(view)

        @wraps(limited_view)  # and Flask-Limiter's mark: stacked limits are checked once
        def marked_view(*args: Any, **kwargs: Any) -> Any:
            mark_rate_limited()  # the limiter's headers are due on this answer
            return limited_view(*args, **kwargs)

        return marked_view

    return decorate


def per_address(purpose: str) -> Callable[[], str]:
    """A limit's key: the address in the body's `email` as its account would have it (case,
    spaces, full-width letters and the like normalised), so the limit holds for an address
    however it is spelt and from every client; text that is no address, as sent."""

    def key() -> str:
        email = str(body_field(request, "email") or "")[:320]
        return f"{purpose}:{address_as_counted(email)}"

    return key


def _record_breach(limit: RequestLimit) -> None:
    """A 429 goes into the audit trail, with the limit that was hit, and into the metrics."""
    count_refusal(
        AuditEvent.RATE_LIMITED, request_origin(), limit=str(limit.limit), path=request.path
    )
    RATE_LIMITED.labels(request.endpoint or "unknown").inc()

"""Work Flask and its extensions would do on every request, which this API has no use for.

Every request stands on this floor, so it is kept to what the API needs: no cookie session
(bearer tokens only), no rate-limit lookup on routes that declare no limit, and no inspection
of the same functions on every call.
"""

from collections.abc import Callable
from functools import lru_cache, partial
from inspect import iscoroutinefunction
from typing import Any

from flask import Flask, Request, g
from flask.sessions import NullSession, SessionInterface
from flask_limiter import Limiter

WHOLE_APP_LIMITS = ("RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION", "RATELIMIT_META")


class ApiFlask(Flask):
    """Flask asks of each hook, view and error handler whether it is a coroutine function, on
    every call: a dozen times a request here. The answer is fixed when the function is
    defined, so it is asked once per function."""

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        try:
            is_coroutine = _is_coroutine_function(func)
        except TypeError:  # an unhashable callable
            is_coroutine = iscoroutinefunction(func)
        return self.async_to_sync(func) if is_coroutine else func


# Bounded: a function made per request (an after_this_request callback) cannot pile up.
_is_coroutine_function = lru_cache(maxsize=1024)(iscoroutinefunction)


class NoCookieSession(SessionInterface):
    """Never read or sign a session cookie: no route keeps state between requests."""

    def open_session(self, app: Flask, request: Request) -> NullSession:
        return self.make_null_session(app)

    def save_session(self, *args: object) -> None:
        """Nothing to save."""


def check_limits_only_where_declared(app: Flask, limiter: Limiter) -> None:
    """Drop Flask-Limiter's before-request check: with no whole-app limit configured it only
    resolves, on every request, that an undecorated route has none. Each @limiter.limit
    decorator still checks its own route. The limiter's after-request hook (its X-RateLimit
    headers) and teardown then have work only on a route marked with `mark_rate_limited`."""
    checks = app.before_request_funcs.get(None, [])
    if limiter._check_request_limit in checks and not any(map(app.config.get, WHOLE_APP_LIMITS)):
        checks.remove(limiter._check_request_limit)
        for hooks in (app.after_request_funcs[None], app.teardown_request_funcs[None]):
            hooks[:] = [_only_where_limited(hook) if _of(limiter, hook) else hook for hook in hooks]


def mark_rate_limited() -> None:
    """Called by a view whose route declares a limit, before the limit is checked."""
    g.rate_limited_route = True


def _of(limiter: Limiter, hook: Callable[..., Any]) -> bool:
    """Whether the limiter registered `hook`: a method of it, or a function given it first."""
    owner = hook.args[0] if isinstance(hook, partial) and hook.args else None
    return limiter in (owner, getattr(hook, "__self__", None))


def _only_where_limited(hook: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`hook` on requests to a limited route; elsewhere the response (or error) goes by."""

    def on_limited_routes(response_or_error: Any) -> Any:
        return hook(response_or_error) if g.get("rate_limited_route") else response_or_error

    return on_limited_routes

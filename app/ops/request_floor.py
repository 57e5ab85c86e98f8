"""Work Flask and its extensions would do on every request, which this API has no use for.

Every request stands on this floor, so it is kept to what the API needs: no cookie session
(bearer tokens only), and no rate-limit lookup on routes that declare no limit.
"""

from flask import Flask, Request
from flask.sessions import NullSession, SessionInterface
from flask_limiter import Limiter

WHOLE_APP_LIMITS = ("RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION", "RATELIMIT_META")


class NoCookieSession(SessionInterface):
    """Never read or sign a session cookie: no route keeps state between requests."""

    def open_session(self, app: Flask, request: Request) -> NullSession:
        return self.make_null_session(app)

    def save_session(self, *args: object) -> None:
        """Nothing to save."""


def check_limits_only_where_declared(app: Flask, limiter: Limiter) -> None:
    """Drop Flask-Limiter's before-request check: with no whole-app limit configured it only
    resolves, on every request, that an undecorated route has none. Each @limiter.limit
    decorator still checks its own route."""
    checks = app.before_request_funcs.get(None, [])
    if limiter._check_request_limit in checks and not any(map(app.config.get, WHOLE_APP_LIMITS)):
        checks.remove(limiter._check_request_limit)

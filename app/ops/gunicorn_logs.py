"""gunicorn's error and access logs in the app's form: JSON lines or text, by LOG_FORMAT."""

import os
from datetime import timedelta
from typing import Any

from gunicorn.glogging import Logger

from app.config import get_config
from app.ops.logs import formatter


def log_format() -> str:
    """The app's LOG_FORMAT, for the environment FLASK_CONFIG names (production when unset)."""
    settings: dict[str, Any] = get_config(os.environ.get("FLASK_CONFIG", "production"))
    return str(settings["LOG_FORMAT"])


class StructuredLogger(Logger):
    """One structured line per request: method, path (no query string), status, time, id."""

    def setup(self, cfg: Any) -> None:
        """gunicorn's handlers, with the app's formatter."""
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(formatter(log_format()))

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: timedelta) -> None:
        """Log a response; the query string and the Authorization header are never written."""
        if not self.cfg.accesslog:
            return
        headers = dict(resp.headers)
        self.access_log.info(
            "request",
            extra={
                "method": environ.get("REQUEST_METHOD"),
                "path": environ.get("PATH_INFO"),
                "status": _status_of(resp),
                "duration_ms": round(request_time.total_seconds() * 1000, 1),
                "remote": environ.get("REMOTE_ADDR"),
                "user_agent": environ.get("HTTP_USER_AGENT", "")[:200],
                "request_id": headers.get("X-Request-ID"),
            },
        )


def _status_of(resp: Any) -> int:
    """The status code, read from the status line: a request gunicorn's own parser refused (two
    Host headers, say) is answered by a bare response that has the line but no status_code, and
    an error here would end the worker."""
    return int(str(resp.status).split()[0])

"""Each request gets an id: the client's X-Request-ID when it is sane, otherwise a new one.

The id is on flask.g, in every log line (structlog's context variables), in every audit event,
in the X-Request-ID response header and in the body of a 500.
"""

import re
from uuid import uuid4

import structlog
from flask import Flask, Response, g, request

SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
HEADER = "X-Request-ID"


def init_request_ids(app: Flask) -> None:
    """Assign the id before anything else runs, and send it back with every response."""
    app.before_request_funcs.setdefault(None, []).insert(0, _assign_request_id)
    app.after_request(_send_request_id)
    app.teardown_request(_forget_request_id)


def current_request_id() -> str | None:
    """The id of the request being served, if any."""
    return g.get("request_id")


def _assign_request_id() -> None:
    offered = request.headers.get(HEADER, "")
    g.request_id = offered if SANE_REQUEST_ID.fullmatch(offered) else uuid4().hex
    structlog.contextvars.bind_contextvars(request_id=g.request_id)


def _send_request_id(response: Response) -> Response:
    if "request_id" not in g:  # a request refused before before_request ran (405, 413, ...)
        _assign_request_id()
    response.headers[HEADER] = g.request_id
    return response


def _forget_request_id(_error: BaseException | None) -> None:
    structlog.contextvars.clear_contextvars()

"""Paths with `//` are answered as their single-slash form, in place (API.md, "Hardening").

Werkzeug would answer them with a 308 to an absolute URL built from the request's Host header:
a redirect to whatever host the client names, and one more round trip for a client that only
joined a base URL ending in `/` to a path starting with one.
"""

import re
from collections.abc import Callable, Iterable
from typing import Any

REPEATED_SLASHES = re.compile(r"/{2,}")


class SingleSlashes:
    """WSGI middleware: PATH_INFO with each run of slashes made one, before routing sees it."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = environ.get("PATH_INFO", "")
        if "//" in path:
            environ["PATH_INFO"] = REPEATED_SLASHES.sub("/", path)
        return self.app(environ, start_response)

"""Read what is left of a request body the app answered without reading, so that a kept-alive
connection stays usable for the client's next request.

A route may answer before it reads the body: a 413 for a body over MAX_CONTENT_LENGTH, a 401
before the fields are parsed. The client has sent the body all the same. gunicorn's threaded
worker keeps the connection alive after such an answer but discards at most 64 KiB of what is
left, then closes the connection, so the client's next request on it fails. Reading the rest
here (within a bound) keeps the connection in step; past the bound, the connection still closes.
"""

import io
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.wsgi import get_content_length

DRAIN_LIMIT_FACTOR = 16  # times MAX_CONTENT_LENGTH: far beyond any body the app accepts
CHUNK = 64 * 1024


class CountingInput(io.RawIOBase):
    """wsgi.input that counts the bytes read through it."""

    def __init__(self, stream: Any) -> None:
        self.stream, self.count = stream, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)

    def drain(self, length: int, limit: int) -> None:
        """Read and drop the body's rest, up to `limit` bytes in all."""
        remaining = min(length, limit) - self.count
        while remaining > 0:
            data = self.stream.read(min(CHUNK, remaining))
            if not data:
                return
            remaining -= len(data)


class ReadUnreadBody:
    """WSGI middleware around the Flask app: every body ends up read, within a bound."""

    def __init__(self, app: Callable[..., Iterable[bytes]], limit: int) -> None:
        self.app, self.limit = app, limit

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        length = get_content_length(environ) or 0
        if not length:  # nothing was sent, or a chunked body, which the server bounds itself
            return self.app(environ, start_response)
        counting = environ["wsgi.input"] = CountingInput(environ["wsgi.input"])
        result = self.app(environ, start_response)
        counting.drain(length, self.limit)
        return result

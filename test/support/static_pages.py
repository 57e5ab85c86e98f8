"""Static files on a free port of 127.0.0.1, served quietly: the pages a browser test opens."""

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class QuietPages(SimpleHTTPRequestHandler):
    """Files, without a log line per request."""

    def log_message(self, *_args: object) -> None:
        """Nothing to log."""


@contextmanager
def serving_pages(directory: Path) -> Iterator[int]:
    """Serve `directory` until the block ends; yields the port."""
    handler = functools.partial(QuietPages, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()

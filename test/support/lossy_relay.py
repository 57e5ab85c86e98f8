"""A relay between a client of the tests and the API that loses the first answer: the request
reaches the API, which does its work and answers, but the client gets a 502, as a phone does
when its network drops a response the server did send."""

from collections.abc import Callable, Iterable
from typing import Any

import requests
from werkzeug.wrappers import Request

FORWARDED = ("Content-Type", "Authorization", "Cookie", "X-CSRF-Token", "Origin")


class LossyRelay:
    """Forwards every request to `upstream`; the answer to the first never reaches the client."""

    def __init__(self, upstream: str) -> None:
        self.upstream, self.lost = upstream, 0

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        request = Request(environ)
        headers = {name: request.headers[name] for name in FORWARDED if name in request.headers}
        answer = requests.request(
            request.method,
            self.upstream + request.full_path,
            headers=headers,
            data=request.get_data(),
            allow_redirects=False,
            timeout=10,
        )
        if not self.lost:
            self.lost += 1
            start_response("502 Bad Gateway", [("Content-Type", "text/plain")])
            return [b"the answer was lost on the way"]
        start_response(
            f"{answer.status_code} {answer.reason}",
            [("Content-Type", answer.headers.get("Content-Type", "application/json"))],
        )
        return [answer.content]

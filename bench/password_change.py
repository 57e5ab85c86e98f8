"""POST /auth/password, timed one change after another: each change refuses the token it was
sent with, so wrk's fixed headers cannot drive it; every request here uses the token the
previous one returned."""

import json
import statistics
import time
from http.client import HTTPConnection
from urllib.parse import urlsplit

from bench.wrk import Sample

PASSWORDS = ("benchmark-change-1", "benchmark-change-2")  # swapped back and forth


class PasswordChanges:
    """A user's password changed again and again for so many seconds per call (at least once),
    over one kept-alive connection; the latest token and password carry over to the next call."""

    def __init__(self, url: str, access_token: str, password: str) -> None:
        self.address = urlsplit(url)
        self.access_token, self.password = access_token, password

    def __call__(self, duration: int) -> Sample:
        connection = HTTPConnection(self.address.netloc, timeout=30)
        errors, seconds = 0, list[float]()
        while not seconds or sum(seconds) < duration:
            new = PASSWORDS[0] if self.password != PASSWORDS[0] else PASSWORDS[1]
            started = time.perf_counter()
            status, answer = self._change(connection, new)
            seconds.append(time.perf_counter() - started)
            if status != 200:
                errors += 1
                continue
            self.access_token, self.password = answer["access_token"], new
        connection.close()
        latencies_ms = sorted(second * 1000 for second in seconds)
        return Sample(
            len(seconds) / sum(seconds),
            statistics.median(latencies_ms),
            latencies_ms[-1],  # with a handful of requests, p99 is the slowest
            errors,
        )

    def _change(self, connection: HTTPConnection, new: str) -> tuple[int, dict[str, str]]:
        body = json.dumps({"current_password": self.password, "new_password": new})
        headers = {
            "Authorization": f"Bearer {self.access_token}",
            "Content-Type": "application/json",
        }
        connection.request("POST", "/api/v1/auth/password", body, headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read())

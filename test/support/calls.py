"""HTTP against a real server from the test's own threads: one request (`call`), or several
released at the same moment (`at_once`, `race`), for the tests of races and of served apps."""

import json
import ssl
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Barrier
from urllib.error import HTTPError
from urllib.request import Request, urlopen


def call(
    method: str,
    url: str,
    body: dict | None = None,
    token: str | None = None,
    *,
    cafile: Path | None = None,
    **headers,
):
    """One HTTP request; returns (status, parsed JSON body or None). An https `url` must show
    a certificate that the system, or `cafile` alone, trusts."""
    headers = {"Content-Type": "application/json"} | headers
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = Request(url, data=data, headers=headers, method=method)
    context = ssl.create_default_context(cafile=cafile) if cafile else None
    try:
        with urlopen(request, timeout=10, context=context) as reply:
            status, raw = reply.status, reply.read()
    except HTTPError as error:
        status, raw = error.code, error.read()
    return status, json.loads(raw) if raw else None


def at_once(*requests) -> list:
    """Run each request() on a thread of its own, all released at the same moment."""
    start = Barrier(len(requests))

    def run(request):
        start.wait()
        return request()

    with ThreadPoolExecutor(len(requests)) as pool:
        return list(pool.map(run, requests))


def race(times: int, request) -> list:
    """Run request() on `times` threads released at the same moment."""
    return at_once(*[request] * times)

"""gunicorn's access log in the app's form, for requests the app answered and for those
gunicorn's own parser refused before the app saw them."""

import json
import socket

import pytest
from support.calls import call
from support.served_app import serve

pytestmark = pytest.mark.slow  # starts gunicorn

# Each one refused by gunicorn's parser with a 400, before the app sees it.
MALFORMED = [
    pytest.param(b"Host: a\r\nHost: b\r\n", id="two-hosts"),
    pytest.param(b"Host: a\r\nContent-Type: a\r\nContent-Type: b\r\n", id="two-content-types"),
    pytest.param(b"Host: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n", id="two-lengths"),
    pytest.param(b"Host: a\r\nContent-Length: +2\r\n", id="signed-length"),
]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One worker, so that a worker that died would show as a new process id."""
    workdir = tmp_path_factory.mktemp("access-log")
    server, _ = serve(
        f"sqlite:///{workdir / 'api.db'}", workdir / "gunicorn.log", workers=1, access_log=True
    )
    yield server
    server.stop()


@pytest.mark.parametrize("headers", MALFORMED)
def test_a_request_the_parser_refuses_is_a_400_logged_and_the_worker_lives(served, headers):
    server = served
    workers = server.worker_pids()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
        connection.sendall(b"GET /api/v1/health HTTP/1.1\r\n" + headers + b"\r\n")
        answer = connection.recv(4096)
    assert answer.startswith(b"HTTP/1.1 400 Bad Request")
    assert call("GET", f"{server.url}/api/v1/health")[0] == 200
    assert server.worker_pids() == workers
    lines = [json.loads(line) for line in server.log_lines() if line.startswith("{")]
    refused = [line for line in lines if line.get("status") == 400]
    assert refused and refused[-1]["method"] == "GET"
    assert not any("Exception in worker process" in line for line in server.log_lines())

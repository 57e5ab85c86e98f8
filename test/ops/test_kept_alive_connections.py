"""After an answer to a body the app did not read (413 for one too large, 401 before the fields
are parsed), the client's next request on the same kept-alive connection still works, under
gunicorn's sync worker (which closes every connection) and its threaded one (which keeps them)."""

import json
from http.client import HTTPConnection

import pytest
from support.served_app import serve

pytestmark = pytest.mark.slow  # starts gunicorn

TOO_LARGE = b"x" * 2_000_000  # twice MAX_CONTENT_LENGTH
UNREAD = b"{" + b" " * 500_000 + b"}"  # under the limit, but over gunicorn's own 64 KiB drain


@pytest.fixture(params=[1, 4], ids=["sync", "gthread"])
def server(request, tmp_path):
    log = tmp_path / "gunicorn.log"
    served, _ = serve(f"sqlite:///{tmp_path / 'api.db'}", log, threads=request.param)
    yield served
    served.stop()


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        pytest.param("/api/v1/auth/register", TOO_LARGE, 413, id="413-too-large"),
        pytest.param("/api/v1/widgets", UNREAD, 401, id="401-body-unread"),
    ],
)
def test_next_request_on_the_connection_works(server, path, body, status):
    connection = HTTPConnection(f"127.0.0.1:{server.port}", timeout=10)
    for _ in range(20):
        connection.request("POST", path, body, {"Content-Type": "application/json"})
        refused = connection.getresponse()
        refused.read()
        assert refused.status == status
        connection.request("GET", "/api/v1/health")
        health = connection.getresponse()
        assert (health.status, json.loads(health.read())["status"]) == (200, "ok")
    connection.close()

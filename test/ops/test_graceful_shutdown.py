"""SIGTERM to gunicorn during load, as a deploy sends it: every request the server took is
answered in full, and afterwards new connections are refused, which a client or proxy may retry
safely because nothing was sent.

A request the server read (its access log says so) but whose answer the client never got would
be a dropped response. The kernel may still have completed a handshake in the last instant
before the socket closed; such a connection is reset unread, like a refused one, and is counted
apart: the server never saw its request.
"""

import http.client
import os
import signal
import threading
from collections import Counter
from http.client import HTTPConnection

import pytest
from support.served_app import serve

pytestmark = pytest.mark.slow  # starts and stops gunicorn

CLIENTS = 8


@pytest.fixture
def served(tmp_path):
    """gunicorn.conf.py as production runs it (sync workers, here two), on SQLite."""
    log = tmp_path / "gunicorn.log"
    server, token = serve(f"sqlite:///{tmp_path / 'api.db'}", log, access_log=True)
    yield server, token
    server.stop()  # already stopped: closes its log


def test_sigterm_under_load_answers_every_request_it_took(served):
    server, token = served
    outcomes: Counter[str] = Counter()
    lock = threading.Condition()

    def client() -> None:
        while True:
            outcome = _request(server.port, token)
            with lock:
                outcomes[outcome] += 1
                lock.notify_all()
            if outcome == "refused":
                return

    clients = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in clients:
        thread.start()
    with lock:
        assert lock.wait_for(lambda: outcomes["200"] >= 200, timeout=60)
    os.kill(server.process.pid, signal.SIGTERM)
    for thread in clients:
        thread.join(timeout=60)
    assert server.process.wait(timeout=60) == 0
    assert set(outcomes) <= {"200", "refused", "reset unread"}, outcomes
    assert outcomes["refused"] >= 1  # the load went on past the stop
    answered = [
        line for line in server.log_lines() if '"path": "/api/v1/auth/user", "status": 200' in line
    ]
    assert len(answered) == outcomes["200"], "a request the server took was not answered"
    # Without the drain, every client's last connection is reset (CLIENTS of them); with it,
    # at most the handshake of the socket's last instant.
    assert outcomes["reset unread"] < CLIENTS // 2


def _request(port: int, token: str) -> str:
    """'200' (or another status), 'refused' before anything was sent, or 'reset unread'."""
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.connect()
    except ConnectionRefusedError:
        return "refused"
    except OSError:  # reset during the handshake, as the socket closed: nothing was sent
        return "reset unread"
    try:
        connection.request("GET", "/api/v1/auth/user", headers={"Authorization": f"Bearer {token}"})
        response = connection.getresponse()
        response.read()
        return str(response.status)
    except (OSError, http.client.HTTPException):
        return "reset unread"  # whether it was unread, the access log tells
    finally:
        connection.close()

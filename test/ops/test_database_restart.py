"""PostgreSQL restarted under load, as an operator would: gunicorn (2 workers of 4 threads) keeps
answering, with 503 and Retry-After while the database is away, and full service once it is
back; every acknowledged write is kept and none is half written.

The server is the test's own (test/support/pg_server.py), so stopping it disturbs nothing else. The
phases follow the answers, not a timer: the database stops after the first successes and comes
back after the first 503s.
"""

import json
import os
import pwd
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.client import HTTPConnection

import psycopg
import pytest
from conftest import skip_outside_ci
from sqlalchemy.engine import make_url
from support.pg_server import PostgresServer, postgres_bin
from support.served_app import serve

from bench.servers import Gunicorn

pytestmark = pytest.mark.slow  # runs its own PostgreSQL server and gunicorn

READERS, WRITERS = 3, 2
RECOVERY_SECONDS = 2.0
HANG_SECONDS = 10.0  # well under gunicorn's 30 s timeout: a request that waits this long hung


@dataclass(frozen=True)
class Answer:
    """One request of the load: when it was sent, what came back, and the widget it wrote."""

    sent: float
    took: float
    status: int  # 0: no answer at all
    body: dict
    retry_after: str | None
    widget: str | None


@pytest.fixture
def postgres() -> Iterator[PostgresServer]:
    bin_dir = postgres_bin()
    if bin_dir is None or (os.geteuid() == 0 and not _has_account("postgres")):
        skip_outside_ci("database restart test skipped: needs Debian's PostgreSQL server binaries")
    server = PostgresServer(bin_dir)
    yield server
    server.close()


def _has_account(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@pytest.fixture
def served(postgres: PostgresServer, tmp_path) -> Iterator[tuple[Gunicorn, str]]:
    """The app on the test's PostgreSQL under gunicorn -w 2 --threads 4, and an admin's token."""
    server, token = serve(postgres.url, tmp_path / "gunicorn.log", workers=2, threads=4)
    yield server, token
    server.stop()


class Load:
    """READERS threads reading /auth/user and WRITERS threads creating widgets, until stopped."""

    def __init__(self, url: str, token: str) -> None:
        self.url, self.token = url, token
        self.answers: list[Answer] = []
        self.lock = threading.Condition()
        self.stopping = threading.Event()
        self.threads = [
            threading.Thread(target=self._run, args=(f"w{n}" if n < WRITERS else None,))
            for n in range(READERS + WRITERS)
        ]

    def __enter__(self) -> "Load":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def wait_until(self, condition, timeout: float = 60) -> None:
        """Block until condition(answers) holds; the load threads notify on every answer."""
        with self.lock:
            assert self.lock.wait_for(lambda: condition(self.answers), timeout), "load stalled"

    def _run(self, writer: str | None) -> None:
        address = self.url.removeprefix("http://")
        host, port = address.split(":")
        number = 0
        while not self.stopping.is_set():
            number += 1
            widget = f"{writer}-{number}" if writer else None
            answer = self._request(HTTPConnection(host, int(port), timeout=35), widget)
            with self.lock:
                self.answers.append(answer)
                self.lock.notify_all()

    def _request(self, connection: HTTPConnection, widget: str | None) -> Answer:
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        body = {"name": widget, "info_url": "https://x.io", "deadline": "2099-01-01"}
        sent = time.monotonic()
        try:
            if widget:
                connection.request("POST", "/api/v1/widgets", json.dumps(body), headers)
            else:
                connection.request("GET", "/api/v1/auth/user", headers=headers)
            response = connection.getresponse()
            raw = response.read()
            status, retry_after = response.status, response.getheader("Retry-After")
        except OSError:
            status, raw, retry_after = 0, b"", None
        finally:
            connection.close()
        parsed = json.loads(raw) if raw else {}
        return Answer(sent, time.monotonic() - sent, status, parsed, retry_after, widget)


def test_database_restart_under_load_answers_503_then_recovers_without_losing_writes(
    postgres, served
):
    server, token = served
    with Load(server.url, token) as load:
        load.wait_until(lambda answers: sum(a.status in (200, 201) for a in answers) >= 20)
        postgres.stop()
        load.wait_until(lambda answers: sum(a.status == 503 for a in answers) >= 20)
        postgres.start()
        back = time.monotonic()
        recovered = back + RECOVERY_SECONDS
        load.wait_until(lambda answers: sum(a.sent > recovered for a in answers) >= 50)
    answers = load.answers

    assert not [a for a in answers if a.status not in (200, 201, 503)], "a 500 or no answer"
    assert max(a.took for a in answers) < HANG_SECONDS
    unavailable = [a for a in answers if a.status == 503]
    assert all(a.retry_after == "2" for a in unavailable)
    assert all(a.body["status"] == "fail" and "database" in a.body["message"] for a in unavailable)
    assert all(a.status in (200, 201) for a in answers if a.sent > recovered)

    acknowledged = {a.widget for a in answers if a.status == 201}
    with _connect(postgres.url) as connection:
        stored = {row[0] for row in connection.execute("SELECT name FROM widget")}
        counted = connection.execute(
            "SELECT total FROM collection_count WHERE name = 'widget'"
        ).fetchone()[0]
        orphans = connection.execute(
            "SELECT count(*) FROM widget WHERE owner_id IS NULL OR created_at IS NULL"
        ).fetchone()[0]
    assert acknowledged <= stored  # no acknowledged write lost
    assert counted == len(stored) and orphans == 0  # and none half written


def _connect(url: str) -> psycopg.Connection:
    return psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(False))

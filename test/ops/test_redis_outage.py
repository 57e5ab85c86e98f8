"""Redis, which holds the rate limits, goes away and comes back: limits go on per process, one
warning says so, /health stays ready (degraded), and the counts return to Redis once it answers
again. No request fails."""

import logging
import shutil
import subprocess
from collections.abc import Iterator

import pytest
import redis
from conftest import skip_outside_ci

from bench.servers import free_port

pytestmark = pytest.mark.slow  # runs its own redis-server

LOGIN = "/api/v1/auth/login"
WRONG = {"email": "ada@example.com", "password": "not-her-password-1"}


class RedisServer:
    """redis-server on a free port, keeping nothing on disk; stop() and start() at will."""

    def __init__(self, program: str) -> None:
        self.program, self.port = program, free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.start()

    def start(self) -> None:
        options = ["--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly"]
        self.process = subprocess.Popen([self.program, *options, "no"], stdout=subprocess.DEVNULL)
        client = redis.Redis.from_url(self.url)
        for _ in range(100):  # answers within milliseconds of starting
            try:
                client.ping()
                return
            except redis.ConnectionError:
                pass
            try:
                self.process.wait(timeout=0.05)  # exited: the port is taken or the binary broken
                raise RuntimeError(f"redis-server exited with {self.process.returncode}")
            except subprocess.TimeoutExpired:
                pass
        raise RuntimeError("redis-server did not answer")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def keys(self) -> list[bytes]:
        return redis.Redis.from_url(self.url).keys("*")


@pytest.fixture
def database_url():
    """The limits' store is what fails here, whatever the database: SQLite, once."""
    return "sqlite://"


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    program = shutil.which("redis-server")
    if program is None:
        skip_outside_ci("Redis outage test skipped: redis-server is not installed")
    server = RedisServer(program)
    yield server
    server.stop()


def test_limits_fall_back_to_each_process_and_return_to_redis(
    make_app, redis_server, clock, caplog
):
    settings = {"RATELIMIT_STORAGE_URI": redis_server.url, "RATELIMIT_LOGIN": "3 per minute"}
    app = make_app(RATELIMIT_ENABLED=True, **settings)
    client = app.test_client()
    assert client.post(LOGIN, json=WRONG).status_code == 401
    assert redis_server.keys(), "the attempt is counted in Redis"

    redis_server.stop()
    with caplog.at_level(logging.INFO, logger="flask-limiter"):
        during = [client.post(LOGIN, json=WRONG).status_code for _ in range(4)]
        assert during == [401, 401, 401, 429]  # the same limit, counted in this process
        health = client.get("/api/v1/health")
        assert (health.status_code, health.json["status"]) == (200, "degraded")  # still ready
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert [r.getMessage() for r in warnings] == [
            "Rate limit storage unreachable - falling back to in-memory storage"
        ]

        redis_server.start()  # empty: it keeps nothing on disk
        assert not redis_server.keys()
        clock.shift(61)  # past the minute, and past the limiter's wait before it asks again
        assert client.post(LOGIN, json=WRONG).status_code == 401
        assert "Rate limit storage recovered" in caplog.text
    assert redis_server.keys(), "counting in Redis again"

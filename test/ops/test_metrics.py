"""GET /metrics under gunicorn with two workers: the counts are the sum over both."""

import os
import secrets
from concurrent.futures import ThreadPoolExecutor
from urllib.request import urlopen

import pytest
from support.calls import call

from app import create_app, db
from app.security.sealing import new_data_key
from bench.servers import Gunicorn

pytestmark = pytest.mark.slow  # starts gunicorn with two workers

REQUESTS = 40
LOGINS = 4


@pytest.fixture
def server(tmp_path):
    """The app under gunicorn -w 2 with metrics on, a fresh multiprocess directory of its own."""
    database_url = f"sqlite:///{tmp_path / 'api.db'}"
    with create_app("testing", DATABASE_URL=database_url).app_context():
        db.create_all()
    env = os.environ | {
        "FLASK_CONFIG": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATA_ENCRYPTION_KEYS": new_data_key(),
        "DATABASE_URL": database_url,
        "METRICS_ENABLED": "true",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
        "GUNICORN_WORKERS": "2",
        "MAIL_WORKER_ENABLED": "false",
        "BCRYPT_LOG_ROUNDS": "12",
    }
    gunicorn = Gunicorn("run:app", env, "/api/v1/auth/jwks.json", tmp_path / "gunicorn.log")
    yield gunicorn, tmp_path / "metrics"
    gunicorn.stop()


def scrape(url: str) -> dict[str, float]:
    with urlopen(f"{url}/metrics", timeout=10) as response:
        text = response.read().decode()
    return {
        line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line and not line.startswith("#")
    }


def test_counts_are_summed_over_both_workers(server):
    server, metrics_dir = server
    login = {"email": "nobody@example.com", "password": "wrong-pass-1"}
    with ThreadPoolExecutor(LOGINS) as pool:  # a login takes bcrypt's quarter second: both work
        logins = list(
            pool.map(
                lambda _: call("POST", f"{server.url}/api/v1/auth/login", login), range(LOGINS)
            )
        )
    health = [call("GET", f"{server.url}/api/v1/health")[0] for _ in range(REQUESTS)]
    refused = call("GET", f"{server.url}/api/v1/auth/user", token="not.a.token")[0]
    assert ([status for status, _ in logins], health, refused) == (
        [401] * LOGINS,
        [200] * REQUESTS,
        401,
    )
    metrics = scrape(server.url)
    assert (
        metrics['http_requests_total{endpoint="api.health",method="GET",status="200"}'] == REQUESTS
    )
    assert (
        metrics['http_request_duration_seconds_count{endpoint="api.health",method="GET"}']
        == REQUESTS
    )
    assert (
        metrics['http_requests_total{endpoint="api.auth_login",method="POST",status="401"}']
        == LOGINS
    )
    assert metrics['logins_total{outcome="failed"}'] == LOGINS
    assert metrics['tokens_refused_total{reason="invalid"}'] == 1
    counting_workers = {path.stem.rsplit("_", 1)[1] for path in metrics_dir.glob("counter_*.db")}
    assert len(counting_workers) == 2  # both answered, and the scrape added them up


def test_metrics_are_off_by_default(client):
    assert client.get("/metrics").status_code == 404

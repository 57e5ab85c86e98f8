"""GET /metrics: under gunicorn with two workers, the sum over both on a port of its own; on the
API's listener, only for METRICS_TOKEN."""

import os
import secrets
from concurrent.futures import ThreadPoolExecutor
from urllib.request import urlopen

import pytest
from support.calls import call

from app import create_app, db
from app.security.sealing import new_data_key
from bench.servers import Gunicorn, free_port, id_token_key_file

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
        "ID_TOKEN_PRIVATE_KEY_FILE": id_token_key_file(),
        "PUBLIC_URL": "http://127.0.0.1",
        "DATABASE_URL": database_url,
        "METRICS_ENABLED": "true",
        "METRICS_PORT": str(free_port()),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
        "GUNICORN_WORKERS": "2",
        "MAIL_WORKER_ENABLED": "false",
        "BCRYPT_LOG_ROUNDS": "12",
    }
    gunicorn = Gunicorn("run:app", env, "/api/v1/auth/jwks.json", tmp_path / "gunicorn.log")
    yield gunicorn, f"http://127.0.0.1:{env['METRICS_PORT']}", tmp_path / "metrics"
    gunicorn.stop()


def scrape(url: str) -> dict[str, float]:
    with urlopen(f"{url}/metrics", timeout=10) as response:
        text = response.read().decode()
    return {
        line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line and not line.startswith("#")
    }


@pytest.mark.slow  # starts gunicorn with two workers
def test_counts_are_summed_over_both_workers(server):
    server, metrics_url, metrics_dir = server
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
    metrics = scrape(metrics_url)
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
    counting = {path.stem.rsplit("_", 1)[1] for path in metrics_dir.glob("counter_*.db")}
    counting_workers = counting - {str(server.process.pid)}  # the master serving the port: 0s
    assert len(counting_workers) == 2  # both answered, and the scrape added them up
    assert call("GET", f"{server.url}/metrics")[0] == 404  # not on the API's listener


TOKEN = "m" * 40


@pytest.fixture
def app(make_app):
    return make_app(METRICS_ENABLED=True, METRICS_TOKEN=TOKEN)


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", f"Bearer {TOKEN[:-1]}", f"Basic {TOKEN}", TOKEN, f"Bearer{TOKEN}"],
)
def test_the_api_listener_answers_metrics_only_for_the_token(client, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 401
    assert response.json == {
        "status": "fail",
        "message": "Send Authorization: Bearer <METRICS_TOKEN>.",
    }
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="metrics"'
    assert "http_requests_total" not in response.text


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_the_token_opens_the_metrics(client, scheme):
    client.get("/api/v1/health")
    response = client.get("/metrics", headers={"Authorization": f"{scheme} {TOKEN}"})
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert 'http_requests_total{endpoint="api.health",method="GET",status="200"}' in response.text


def test_metrics_are_off_by_default(make_app):
    assert make_app().test_client().get("/metrics").status_code == 404


def test_a_method_a_client_makes_up_is_counted_as_other(client):
    """Each label value is series kept until a restart: never one a client chooses."""
    for number in range(3):
        assert client.open("/api/v1/health", method=f"XMETHOD{number}").status_code == 405
    text = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).text
    assert "XMETHOD" not in text
    assert 'http_requests_total{endpoint="unknown",method="other",status="405"}' in text

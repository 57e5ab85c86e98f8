"""Two gunicorn instances behind nginx, which ends TLS, on one PostgreSQL and one Redis, behave
as one API; and the API knows its clients came over HTTPS."""

import os
import secrets
import shutil
import ssl
import subprocess
import sys
from email.message import Message
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.request import HTTPRedirectHandler, Request, build_opener, urlopen
from uuid import uuid4

import pytest
from conftest import require_postgres_url, require_redis_url, skip_outside_ci
from sqlalchemy import text
from support.calls import at_once, call
from support.tls import self_signed_certificate

from app import create_app, db
from app.security.sealing import new_data_key
from bench.servers import Gunicorn, free_port, id_token_key_file, wait_for

pytestmark = pytest.mark.slow  # starts nginx and gunicorn

REPO = Path(__file__).resolve().parents[2]
NGINX = "/usr/sbin/nginx"
PASSWORD = "correct-horse-9"


def nginx_config(workdir: Path, ports: tuple[int, int], upstreams: list[int]) -> Path:
    """deploy/nginx-site.conf, as the repository ships it, on this test's ports (HTTPS, then plain
    HTTP) with a certificate the test made."""
    certificate, key = self_signed_certificate(workdir)
    site = (REPO / "deploy/nginx-site.conf").read_text()
    site = site.replace("listen 443 ssl;", f"listen 127.0.0.1:{ports[0]} ssl;")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{ports[1]};")
    site = site.replace("/etc/letsencrypt/live/api.example.com/fullchain.pem", str(certificate))
    site = site.replace("/etc/letsencrypt/live/api.example.com/privkey.pem", str(key))
    site = site.replace("server 127.0.0.1:8001;", f"server 127.0.0.1:{upstreams[0]};")
    site = site.replace("server 127.0.0.1:8002;", f"server 127.0.0.1:{upstreams[1]};")
    temp_paths = " ".join(
        f"{kind}_temp_path {workdir / kind};" for kind in ("client_body", "proxy")
    )
    config = workdir / "nginx.conf"
    config.write_text(
        f"user root; worker_processes 1; pid {workdir / 'nginx.pid'}; "
        f"error_log {workdir / 'nginx-error.log'};\n"
        "events { worker_connections 256; }\n"
        f"http {{ access_log {workdir / 'nginx-access.log'}; {temp_paths}\n{site}\n}}\n"
    )
    return config


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Instances A and B and nginx in front; skipped without nginx, PostgreSQL or Redis."""
    if not shutil.which(NGINX):
        skip_outside_ci(f"scale-out test skipped: {NGINX} not found (apt-get install nginx)")
    workdir = tmp_path_factory.mktemp("cluster")
    env = os.environ | {
        "FLASK_CONFIG": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATA_ENCRYPTION_KEYS": new_data_key(),
        "ID_TOKEN_PRIVATE_KEY_FILE": id_token_key_file(),
        "PUBLIC_URL": "https://127.0.0.1",  # nginx, in front
        "DATABASE_URL": require_postgres_url(),
        "RATELIMIT_STORAGE_URI": require_redis_url(),
        "RATELIMIT_KEY_PREFIX": uuid4().hex,
        "RATELIMIT_LOGIN": "6 per minute",
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": "false",
        "PROXY_FIX_X_FOR": "1",
        "GUNICORN_WORKERS": "2",
        "PASSWORD_BREACH_CHECK": "false",  # no network here
    }
    _migrate_empty_database(env)
    servers = [Gunicorn("run:app", env, "/api/v1/health", workdir / f"{n}.log") for n in "ab"]
    ports = free_port(), free_port()
    config = nginx_config(workdir, ports, [server.port for server in servers])
    nginx = subprocess.Popen([NGINX, "-c", str(config), "-g", "daemon off;"])
    front, ca = f"https://127.0.0.1:{ports[0]}", workdir / "cert.pem"
    wait_for(f"{front}/api/v1/health", why=f"see {workdir / 'nginx-error.log'}", cafile=ca)
    yield {
        "a": servers[0].url,
        "b": servers[1].url,
        "nginx": front,
        "plain": f"http://127.0.0.1:{ports[1]}",
        "ca": ca,
        "env": env,
    }
    nginx.terminate()
    nginx.wait(timeout=10)
    for server in servers:
        server.stop()


def _migrate_empty_database(env: dict[str, str]) -> None:
    """Start from nothing, then build the schema with the migrations, as a deployment does."""
    app = create_app("testing", DATABASE_URL=env["DATABASE_URL"])
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.engine.dispose()
    flask = [sys.executable, "-m", "flask", "--app", "run", "db", "upgrade"]
    subprocess.run(flask, cwd=REPO, env=env, check=True, capture_output=True)


def register(url: str, cafile: Path | None = None) -> tuple[str, str]:
    email = f"{uuid4().hex[:10]}@example.com"
    status, body = call(
        "POST",
        f"{url}/api/v1/auth/register",
        {"email": email, "password": PASSWORD},
        cafile=cafile,
    )
    assert status == 201
    return email, body["access_token"]


def test_whole_flow_through_nginx(cluster):
    nginx, ca = cluster["nginx"], cluster["ca"]
    email, token = register(nginx, ca)
    status, me = call("GET", f"{nginx}/api/v1/auth/user", token=token, cafile=ca)
    assert (status, me["email"]) == (200, email)
    admin = f"admin-{uuid4().hex[:8]}@example.com"
    flask = [sys.executable, "-m", "flask", "--app", "run", "add-user", admin, "--admin"]
    subprocess.run(
        flask, cwd=REPO, env=cluster["env"], input=f"{PASSWORD}\n" * 2, text=True, check=True
    )
    credentials = {"email": admin, "password": PASSWORD}
    _, login = call("POST", f"{nginx}/api/v1/auth/login", credentials, cafile=ca)
    admin_token = login["access_token"]
    widget = {"name": "scale-out", "info_url": "https://x.io", "deadline": "2099-01-01"}
    assert call("POST", f"{nginx}/api/v1/widgets", widget, admin_token, cafile=ca)[0] == 201
    status, page = call("GET", f"{nginx}/api/v1/widgets", token=token, cafile=ca)
    assert status == 200 and [item["name"] for item in page["items"]] == ["scale-out"]
    delete = call("DELETE", f"{nginx}/api/v1/widgets/scale-out", token=admin_token, cafile=ca)
    assert delete[0] == 204


def health_headers(url: str, cafile: Path | None = None) -> Message:
    """The headers of GET /api/v1/health at `url`, trusting `cafile` alone for https."""
    context = ssl.create_default_context(cafile=cafile) if cafile else None
    with urlopen(f"{url}/api/v1/health", timeout=10, context=context) as reply:
        return reply.headers


def test_the_api_sees_https_through_nginx_and_says_so_with_hsts(cluster):
    """X-Forwarded-Proto from nginx, which PROXY_FIX_X_FOR=1 trusts, makes the request secure."""
    assert (
        "max-age=" in health_headers(cluster["nginx"], cluster["ca"])["Strict-Transport-Security"]
    )
    assert "Strict-Transport-Security" not in health_headers(cluster["a"])  # plain HTTP


def test_a_client_without_the_certificate_refuses_nginx(cluster):
    with pytest.raises(URLError, match="CERTIFICATE_VERIFY_FAILED"):
        health_headers(cluster["nginx"])  # the system's authorities alone


def test_plain_http_to_nginx_is_sent_to_https(cluster):
    request = Request(f"{cluster['plain']}/api/v1/health", method="GET")
    with pytest.raises(HTTPError) as redirect:
        build_opener(NoRedirect()).open(request, timeout=10)
    with redirect.value as answer:  # an HTTPError holds the connection until closed
        assert answer.code == 301
        assert answer.headers["Location"] == "https://127.0.0.1/api/v1/health"


class NoRedirect(HTTPRedirectHandler):
    """Hands a redirect back as it is, so the test sees where it points."""

    def redirect_request(self, *_args, **_kwargs):
        return None


def test_logout_on_a_is_refused_on_b_at_once(cluster):
    _, token = register(cluster["a"])
    assert call("POST", f"{cluster['a']}/api/v1/auth/logout", token=token)[0] == 200
    status, body = call("GET", f"{cluster['b']}/api/v1/auth/user", token=token)
    assert (status, body["message"]) == (401, "Token blacklisted. Please log in again.")


def test_logout_all_on_b_cuts_tokens_used_on_a(cluster):
    _, token = register(cluster["a"])
    assert call("GET", f"{cluster['a']}/api/v1/auth/user", token=token)[0] == 200
    assert call("POST", f"{cluster['b']}/api/v1/auth/logout-all", token=token)[0] == 200
    assert call("GET", f"{cluster['a']}/api/v1/auth/user", token=token)[0] == 401


def test_login_rate_limit_counts_both_instances_together(cluster):
    client = {"X-Forwarded-For": "198.51.100.7"}  # one client of its own, as nginx would tell
    instances = [cluster["a"], cluster["b"]] * 4  # the limit of 6 counts both instances at once
    statuses = [
        call("POST", f"{url}/api/v1/auth/login", wrong_login(n), **client)[0]
        for n, url in enumerate(instances)
    ]
    assert statuses == [401] * 6 + [429] * 2


def wrong_login(n: int) -> dict[str, str]:
    """A wrong password for an address of its own: only the client's rate limit counts it."""
    return {"email": f"nobody-{n}@example.com", "password": "wrong-pass-1"}


def test_guesses_from_ten_addresses_slow_one_account_on_both_instances(cluster):
    """Credential stuffing: each address guesses once, under its own rate limit, yet the
    account's logins wait, on both instances (the count is in the shared database)."""
    email, _ = register(cluster["a"])
    wrong = {"email": email, "password": "wrong-pass-1"}
    guesses = [
        lambda url=url, n=n: call(
            "POST", f"{url}/api/v1/auth/login", wrong, **{"X-Forwarded-For": f"203.0.113.{n}"}
        )[0]
        for n, url in enumerate([cluster["a"], cluster["b"]] * 5)
    ]
    statuses = at_once(*guesses)
    assert statuses.count(401) >= 5 and set(statuses) <= {401, 429}, statuses
    right = {"email": email, "password": PASSWORD}
    for url in (cluster["a"], cluster["b"]):
        status, body = call(
            "POST", f"{url}/api/v1/auth/login", right, **{"X-Forwarded-For": "198.51.100.99"}
        )
        assert (status, body["message"]) == (
            429,
            "Too many failed logins for this account. Please wait and try again.",
        )

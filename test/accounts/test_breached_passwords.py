"""The breached-password check against a local server of the range API's real format (Have I
Been Pwned's): on every route that sets a password and in `flask add-user`; k-anonymity; and a
server that hangs, fails or talks nonsense, which skips the check rather than fail a request."""

import socket
from hashlib import sha1

import pytest
from prometheus_client import REGISTRY
from support.oidc_provider import serving
from werkzeug.wrappers import Request, Response

from app.config import get_config

BREACHED = "This password has appeared in a data breach; choose another."
LEAKED = "tangerine-lamp-71"  # strong enough for zxcvbn, and in the breach list below
FRESH = "new-horse-battery-7"


class RangeApi:
    """GET /range/<5 hex>: the suffixes of leaked SHA-1s with that prefix, and padding."""

    def __init__(self, *leaked: str) -> None:
        self.hashes = [sha1(password.encode()).hexdigest().upper() for password in leaked]
        self.asked: list[tuple[str, str | None]] = []

    def __call__(self, environ, start_response):
        request = Request(environ)
        prefix = request.path.rsplit("/", 1)[-1]
        self.asked.append((request.full_path, request.headers.get("Add-Padding")))
        lines = [f"{digest[5:]}:3861" for digest in self.hashes if digest.startswith(prefix)]
        lines += [f"{'0' * 34}{n:01X}:0" for n in range(5)]  # padding, as Add-Padding asks
        return Response("\r\n".join(lines), mimetype="text/plain")(environ, start_response)


def skipped() -> float:
    return REGISTRY.get_sample_value("password_breach_checks_total", {"outcome": "skipped"}) or 0


@pytest.fixture
def range_api():
    api = RangeApi(LEAKED)
    with serving(api) as url:
        api.url = url
        yield api


@pytest.fixture
def app(make_app, range_api):
    return make_app(
        PASSWORD_BREACH_CHECK=True, PASSWORD_BREACH_API=f"{range_api.url}/range/{{prefix}}"
    )


def register(client, password, email="ada@example.com"):
    return client.post("/api/v1/auth/register", json={"email": email, "password": password})


def test_a_leaked_password_is_refused_on_its_field(client, range_api):
    response = register(client, LEAKED)
    assert (response.status_code, response.json["errors"]) == (400, {"password": BREACHED})
    digest = sha1(LEAKED.encode()).hexdigest().upper()
    assert range_api.asked == [(f"/range/{digest[:5]}?", "true")]  # 5 characters leave, no more


def test_a_password_in_no_breach_is_taken(client, range_api):
    assert register(client, FRESH).status_code == 201
    assert len(range_api.asked) == 1


def test_a_padding_line_is_no_breach(make_app, range_api):
    padded = RangeApi()
    with serving(padded) as url:
        client = make_app(
            PASSWORD_BREACH_CHECK=True, PASSWORD_BREACH_API=f"{url}/range/{{prefix}}"
        ).test_client()
        assert register(client, FRESH).status_code == 201


def test_every_way_of_setting_a_password_checks(client, create_account, mailbox, deliver, runner):
    account = create_account()
    body = {"current_password": account.password, "new_password": LEAKED}
    changed = client.post("/api/v1/auth/password", json=body, headers=account.headers)
    assert (changed.status_code, changed.json["errors"]) == (400, {"new_password": BREACHED})
    client.post("/api/v1/auth/password-reset", json={"email": account.email})
    deliver()
    token = mailbox.token_in(mailbox.messages[-1])
    reset = client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "new_password": LEAKED}
    )
    assert (reset.status_code, reset.json["errors"]) == (400, {"new_password": BREACHED})
    added = runner.invoke(args=["add-user", "grace@example.com"], input=f"{LEAKED}\n{LEAKED}\n")
    assert added.exit_code != 0 and BREACHED in added.output


def test_a_server_that_hangs_is_skipped_in_time(make_app, caplog):
    with socket.create_server(("127.0.0.1", 0)) as silent:  # takes connections, never answers
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/range/{{prefix}}"
        app = make_app(
            PASSWORD_BREACH_CHECK=True, PASSWORD_BREACH_API=url, PASSWORD_BREACH_TIMEOUT_MS=200
        )
        before = skipped()
        assert register(app.test_client(), LEAKED).status_code == 201
    assert skipped() == before + 1
    assert "breached-password check skipped" in caplog.text


@pytest.mark.parametrize(
    ("status", "body"),
    [(500, "Internal Server Error"), (200, "<html>not a range</html>"), (429, "slow down")],
)
def test_a_server_that_fails_or_talks_nonsense_is_skipped(make_app, status, body):
    broken = Response(body, status=status)
    with serving(lambda environ, start_response: broken(environ, start_response)) as url:
        app = make_app(PASSWORD_BREACH_CHECK=True, PASSWORD_BREACH_API=f"{url}/{{prefix}}")
        before = skipped()
        assert register(app.test_client(), LEAKED).status_code == 201
    assert skipped() == before + 1


def test_production_checks_by_default():
    assert get_config("production")["PASSWORD_BREACH_CHECK"] is True
    assert get_config("development")["PASSWORD_BREACH_CHECK"] is False

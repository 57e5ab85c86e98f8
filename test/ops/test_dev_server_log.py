"""What a newcomer's first `make run` screen shows: a banner with the address to open, and
werkzeug's lines without colour codes; and passkeys that work at that address."""

import urllib.error
import urllib.request
from pathlib import Path
from uuid import uuid4

import pytest
from support.calls import call
from support.soft_authenticator import SoftAuthenticator

pytestmark = pytest.mark.slow  # starts `flask run` (shared with the other live-server tests)

PASSKEYS = "/api/v1/auth/passkeys"


def test_the_banner_names_swagger_ui_at_localhost_and_the_port_served(live_server):
    log = Path(live_server.log.name).read_text()
    origin = f"http://localhost:{live_server.port}"
    assert f"Swagger UI  {origin}/api/v1/ui\n" in log
    assert f"API root    {origin}/api/v1\n" in log
    assert f"Passkeys    on pages from {origin} (WEBAUTHN_ORIGINS)" in log
    assert "WARNING: This is a development server." in log
    assert "\\n" not in log and "Running on" not in log  # werkzeug's escaped lines, replaced


def test_the_development_server_log_has_no_escaped_colour_codes(live_server):
    with pytest.raises(urllib.error.HTTPError):  # werkzeug colours a 404 line yellow
        urllib.request.urlopen(f"{live_server.url}/api/v1/no-such-page%1b[31m")
    log = Path(live_server.log.name).read_text()
    (line,) = [line for line in log.splitlines() if "GET /api/v1/no-such-page" in line]
    assert "\\x1b[33m" not in line and "\x1b" not in line
    assert "no-such-page%1b[31m" in line  # what the client sent stays as sent


@pytest.fixture(scope="module")
def token(live_server) -> str:
    """A user the operator added (so with a proved address, which a passkey needs), signed in."""
    email, password = f"{uuid4().hex[:10]}@example.com", "correct-horse-9"
    live_server.flask("add-user", email, input=f"{password}\n" * 2)
    body = {"email": email, "password": password}
    status, answer = call("POST", f"{live_server.url}/api/v1/auth/login", body)
    assert status == 200, answer
    return answer["access_token"]


def register_passkey(url: str, token: str, origin: str) -> tuple[int, dict]:
    status, options = call("POST", f"{url}{PASSKEYS}/register/options", token=token)
    assert status == 200, options
    assert options["rp"]["id"] == "localhost"
    credential = SoftAuthenticator(origin=origin).create(options)
    return call("POST", f"{url}{PASSKEYS}", {"credential": credential, "name": "laptop"}, token)


def test_a_passkey_registers_from_the_page_the_banner_names(live_server, token):
    origin = f"http://localhost:{live_server.port}"
    status, passkey = register_passkey(live_server.url, token, origin)
    assert (status, passkey["name"]) == (201, "laptop")


def test_a_passkey_from_another_port_is_refused(live_server, token):
    status, body = register_passkey(live_server.url, token, "http://localhost:5000")
    assert status == 400
    assert "origin" in body["errors"]["credential"].lower()

"""The hosted pages in real Chromium, as served by gunicorn over plain http (a development
server, where the session cookie is `idp`, without Secure): a person types their password, then
their authenticator's code, into /signin; signs in to another app through /oauth/authorize and
/consent, and out again through its logout; connects a device on /device. No CSP violation is
reported on the way, the consent form's redirect to the app included.
"""

import base64
import hashlib
import secrets
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pyotp
import pytest
from conftest import SCREENSHOTS, fresh_database
from support.served_app import serve

from bench.servers import free_port

pytestmark = pytest.mark.slow  # gunicorn and Chromium

PASSWORD = "correct-horse-9"
EMAIL = "hosted-user@example.com"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request, tmp_path_factory) -> Iterator[tuple[str, str]]:
    """The API under gunicorn at http://127.0.0.1:<port>, as PUBLIC_URL says, and the access
    token of its admin."""
    folder, port = tmp_path_factory.mktemp("hosted"), free_port()
    database = fresh_database(request.param, folder, "hosted")
    url = f"http://127.0.0.1:{port}"
    server, admin_token = serve(
        database,
        folder / "gunicorn.log",
        config="development",
        environment={"PUBLIC_URL": url},
        port=port,
    )
    yield url, admin_token
    server.stop()


@pytest.fixture(scope="module")
def origin(served) -> str:
    return served[0]


def account_with_totp(context, origin: str) -> pyotp.TOTP:
    """A new account with an authenticator app, set up through the API; the app."""
    api = context.request
    registered = api.post(
        f"{origin}/api/v1/auth/register", data={"email": EMAIL, "password": PASSWORD}
    )
    headers = {"Authorization": f"Bearer {registered.json()['access_token']}"}
    secret = api.post(f"{origin}/api/v1/auth/mfa/totp", headers=headers).json()["secret"]
    app = pyotp.TOTP(secret)
    previous_step = app.at(time.time() - app.interval)  # the sign-in below takes this step's
    confirmed = api.post(
        f"{origin}/api/v1/auth/mfa/totp/confirm", headers=headers, data={"code": previous_step}
    )
    assert confirmed.status == 200, confirmed.text()
    return app


def test_a_person_signs_in_with_a_password_and_a_code(browser, origin, request) -> None:
    context = browser.new_context()
    app = account_with_totp(context, origin)
    page, violations = watched(context)
    page.goto(f"{origin}/signin")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{origin}/signin/second-step")
    page.fill("input[name=code]", app.now())
    page.click("button[type=submit]")
    page.wait_for_url(f"{origin}/signed-in")

    assert EMAIL in page.text_content("main")
    (cookie,) = [c for c in context.cookies() if c["name"] == "idp"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert violations == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{request.node.name}-signed-in.png")
    context.close()


class AppPages(BaseHTTPRequestHandler):
    """The other app's pages the provider sends the browser back to: a blank 200."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<!doctype html><title>The other app</title>")

    def log_message(self, *_: object) -> None:
        """Quiet."""


@pytest.fixture(scope="module")
def other_app() -> Iterator[str]:
    """A real HTTP server for the app's redirect URIs, at http://127.0.0.1:<port>."""
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), AppPages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def watched(context) -> tuple[Any, list[str]]:
    """A new page of `context`, and the list its CSP violations and failed loads go to (what
    the CSP blocked, or a page that failed to load)."""
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security" in message.text else None
        ),
    )
    page.on(
        "response",
        lambda response: violations.append(response.url) if response.status >= 400 else None,
    )
    return page, violations


def test_a_person_signs_in_to_another_app_and_out_again(browser, served, other_app, request):
    origin, admin_token = served
    context = browser.new_context()
    api = context.request
    email = f"{secrets.token_hex(5)}@example.com"
    api.post(f"{origin}/api/v1/auth/register", data={"email": email, "password": PASSWORD})
    app = api.post(
        f"{origin}/api/v1/clients",
        headers={"Authorization": f"Bearer {admin_token}"},
        data={
            "name": "Other app",
            "grant_types": ["authorization_code", "urn:ietf:params:oauth:grant-type:device_code"],
            "scopes": ["openid", "email"],
            "redirect_uris": [f"{other_app}/cb"],
            "post_logout_redirect_uris": [f"{other_app}/bye"],
        },
    ).json()
    page, violations = watched(context)

    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    query = {
        "response_type": "code",
        "client_id": app["client_id"],
        "redirect_uri": f"{other_app}/cb",
        "scope": "openid email",
        "state": "from-chromium",
        "code_challenge": challenge.rstrip(b"=").decode(),
        "code_challenge_method": "S256",
    }
    page.goto(f"{origin}/api/v1/oauth/authorize?{urlencode(query)}")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{origin}/consent?*")
    assert "Other app" in page.text_content("main")
    page.click("button[value=allow]")
    page.wait_for_url(f"{other_app}/cb?*")
    back = parse_qs(urlsplit(page.url).query)
    assert (back["state"], back["iss"]) == (["from-chromium"], [origin])
    tokens = api.post(
        f"{origin}/api/v1/oauth/token",
        form={
            "grant_type": "authorization_code",
            "code": back["code"][0],
            "redirect_uri": f"{other_app}/cb",
            "code_verifier": verifier,
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
        },
    ).json()

    logout = {
        "id_token_hint": tokens["id_token"],
        "post_logout_redirect_uri": f"{other_app}/bye",
        "state": "bye",
    }
    page.goto(f"{origin}/api/v1/oauth/logout?{urlencode(logout)}")
    page.wait_for_url(f"{other_app}/bye?state=bye")
    assert not [c for c in context.cookies() if c["name"] == "idp"]

    device = api.post(
        f"{origin}/api/v1/oauth/device_authorization",
        form={
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "scope": "openid",
        },
    ).json()
    page.goto(device["verification_uri_complete"])
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{origin}/device?*")
    page.click("button[type=submit]")  # the code is filled in; openid was allowed above
    assert "Device connected" in page.text_content("main")
    polled = api.post(
        f"{origin}/api/v1/oauth/token",
        form={
            "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
            "device_code": device["device_code"],
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
        },
    )
    assert polled.status == 200, polled.text()
    assert violations == []
    page.screenshot(path=SCREENSHOTS / f"{request.node.name}-device-connected.png")
    context.close()

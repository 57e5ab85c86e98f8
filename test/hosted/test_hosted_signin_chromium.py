"""The hosted sign-in in real Chromium: a person types their password, then their
authenticator's code, into /signin, as served by gunicorn over plain http (a development
server, where the session cookie is `idp`, without Secure), and no CSP violation is reported.
"""

import time
from collections.abc import Iterator

import pyotp
import pytest
from conftest import SCREENSHOTS, fresh_database
from support.served_app import serve

from bench.servers import free_port

pytestmark = pytest.mark.slow  # gunicorn and Chromium

PASSWORD = "correct-horse-9"
EMAIL = "hosted-user@example.com"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def origin(request, tmp_path_factory) -> Iterator[str]:
    """The API under gunicorn at http://127.0.0.1:<port>, as PUBLIC_URL says."""
    folder, port = tmp_path_factory.mktemp("hosted"), free_port()
    database = fresh_database(request.param, folder, "hosted")
    url = f"http://127.0.0.1:{port}"
    server, _ = serve(
        database,
        folder / "gunicorn.log",
        config="development",
        environment={"PUBLIC_URL": url},
        port=port,
    )
    yield url
    server.stop()


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
    page = context.new_page()
    violations: list[str] = []  # what the CSP blocked, or a page that failed to load
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

"""A single-page app keeps its session in the API's HttpOnly cookie, in real Chromium.

The API runs under gunicorn at http://127.0.0.1:<port>; the app is served by the test from a
second origin (127.0.0.1, another port: same site, so SameSite=Strict cookies go with its
requests), which CORS_ORIGINS lists; an attacker's page comes from http://localhost:<port>,
another site that nothing lists.
"""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SCREENSHOTS, fresh_database
from support.served_app import serve
from support.static_pages import serving_pages

pytestmark = pytest.mark.slow  # gunicorn, two page servers and Chromium

PAGES = Path(__file__).parents[1] / "support" / "browser_pages"
PASSWORD = "correct-horse-9"
# A JWT as stored: a header of base64url JSON ("eyJ"), then a dot. The random CSRF value, kept
# in sessionStorage on purpose, may hold "ey" but never a dot.
JWT = re.compile(r"eyJ[A-Za-z0-9_-]+\.")


@pytest.fixture(scope="module")
def page_server() -> Iterator[int]:
    """Serves browser_pages/ on a free port of 127.0.0.1; yields the port."""
    with serving_pages(PAGES) as port:
        yield port


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def api(request, page_server, tmp_path_factory) -> Iterator[str]:
    """The API under gunicorn, on each database, listing the app's origin in CORS_ORIGINS."""
    folder = tmp_path_factory.mktemp("browser-session")
    database = fresh_database(request.param, folder, "browser_session")
    environment = {"CORS_ORIGINS": f"http://127.0.0.1:{page_server}"}
    server, _ = serve(
        database, folder / "gunicorn.log", config="development", environment=environment
    )
    yield server.url
    server.stop()


@pytest.fixture
def context(browser, api):
    context = browser.new_context()
    yield context
    context.close()


def app_page(context, page_server: int, api: str):
    page = context.new_page()
    page.goto(f"http://127.0.0.1:{page_server}/app.html?api={api}")
    return page


def register(context, api: str, email: str) -> None:
    """An account to sign in with, made through the API as any client would."""
    response = context.request.post(
        f"{api}/api/v1/auth/register", data={"email": email, "password": PASSWORD}
    )
    assert response.status == 201


def sign_in(page, email: str) -> None:
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login button")
    wait_for_status(page, f"signed in as {email}")


def wait_for_status(page, text: str) -> None:
    page.wait_for_function(f"document.getElementById('status').textContent === {text!r}")


def refresh_cookie(context) -> str:
    (cookie,) = [c for c in context.cookies() if c["name"] == "refresh"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    return str(cookie["value"])


def snap(page, request, step: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{request.node.name}-{step}.png")


def test_the_app_stays_signed_in_across_a_reload_through_the_cookie(
    context, page_server, api, request
):
    register(context, api, "ada@example.com")
    page = app_page(context, page_server, api)
    sign_in(page, "ada@example.com")
    first_cookie = refresh_cookie(context)
    page.reload()  # the access token was in a variable: gone; the cookie refresh brings one
    wait_for_status(page, "signed in as ada@example.com")
    snap(page, request, "after-reload")
    assert refresh_cookie(context) != first_cookie  # rotated by the refresh
    stored = page.evaluate("JSON.stringify([localStorage, sessionStorage])")
    assert not JWT.search(stored)  # no token kept where a script could find it
    assert "refresh" not in page.evaluate("document.cookie")


def test_after_logout_the_cookie_no_longer_refreshes(context, page_server, api):
    register(context, api, "bob@example.com")
    page = app_page(context, page_server, api)
    sign_in(page, "bob@example.com")
    cookie, csrf = refresh_cookie(context), page.evaluate("sessionStorage.getItem('csrf')")
    page.click("#logout")
    wait_for_status(page, "signed out")
    assert [c for c in context.cookies() if c["name"] == "refresh"] == []  # cleared
    context.add_cookies([{"name": "refresh", "value": cookie, "url": api}])  # a kept copy
    status = page.evaluate(
        "async (csrf) => (await call('/auth/refresh', {headers: {'X-CSRF-Token': csrf}})).status",
        csrf,
    )
    assert status == 401
    page.reload()
    assert page.locator("#status").text_content() == "signed out"


def test_another_sites_page_can_neither_use_nor_read_the_session(
    context, page_server, api, request
):
    register(context, api, "eve-target@example.com")
    page = app_page(context, page_server, api)
    sign_in(page, "eve-target@example.com")
    cookie = refresh_cookie(context)
    attacker = context.new_page()
    attacker.goto(f"http://localhost:{page_server}/attacker.html?api={api}")
    for path in ("/auth/refresh", "/auth/logout"):
        assert attacker.evaluate(f"readWithCookies('{path}')") == "blocked: TypeError"
    for form in ("refresh", "logout"):
        attacker.goto(f"http://localhost:{page_server}/attacker.html?api={api}")
        with attacker.expect_navigation():
            attacker.evaluate(f"document.getElementById('{form}').submit()")
        snap(attacker, request, f"form-{form}")
    assert refresh_cookie(context) == cookie  # nothing rotated
    page.reload()  # and nothing ended: the app's own refresh still works
    wait_for_status(page, "signed in as eve-target@example.com")

"""The example single-page app of examples/spa in real Chromium, as a product team would run
it beside the API: two tabs that refresh at the same moment both stay signed in on one chain,
reloads keep the session, and signing out in one tab ends it for both.

The API runs under gunicorn; the app is served from another port of 127.0.0.1 (same site, so
the SameSite=Strict cookie goes with its requests), listed in CORS_ORIGINS.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import fresh_database
from sqlalchemy import create_engine, text
from support.served_app import serve
from support.static_pages import serving_pages

pytestmark = pytest.mark.slow  # gunicorn, a page server and Chromium

EXAMPLE = Path(__file__).parents[2] / "examples" / "spa"
PASSWORD = "correct-horse-9"


@pytest.fixture(scope="module")
def page_server() -> Iterator[int]:
    """Serves examples/spa on a free port of 127.0.0.1; yields the port."""
    with serving_pages(EXAMPLE) as port:
        yield port


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def api(request, page_server, tmp_path_factory) -> Iterator[tuple[str, str]]:
    """The API under gunicorn on each database; yields its URL and the database's."""
    folder = tmp_path_factory.mktemp("spa-example")
    database = fresh_database(request.param, folder, "spa_example")
    environment = {"CORS_ORIGINS": f"http://127.0.0.1:{page_server}"}
    server, _ = serve(
        database, folder / "gunicorn.log", config="development", environment=environment
    )
    yield server.url, database
    server.stop()


@pytest.fixture
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


def open_app(context, page_server: int, api_url: str):
    page = context.new_page()
    page.goto(f"http://127.0.0.1:{page_server}/index.html?api={api_url}")
    return page


def wait_for_status(page, status: str) -> None:
    page.wait_for_function(f"document.getElementById('status').textContent === {status!r}")


def signed_in_tab(context, page_server: int, api_url: str, email: str):
    registered = context.request.post(
        f"{api_url}/api/v1/auth/register", data={"email": email, "password": PASSWORD}
    )
    assert registered.status == 201
    page = open_app(context, page_server, api_url)
    page.fill("#login input[name=email]", email)
    page.fill("#login input[name=password]", PASSWORD)
    page.click("#login button")
    wait_for_status(page, f"signed in as {email}")
    return page


def live_sessions(database: str, email: str) -> int:
    engine = create_engine(database)
    try:
        with engine.connect() as connection:
            query = text(
                "SELECT count(*) FROM login_session JOIN site_user ON site_user.id = user_id "
                "WHERE site_user.email = :email AND login_session.revoked_at IS NULL"
            )
            return int(connection.execute(query, {"email": email}).scalar_one())
    finally:
        engine.dispose()


def test_two_tabs_refreshing_at_once_stay_signed_in_on_one_chain(context, page_server, api):
    api_url, database = api
    first = signed_in_tab(context, page_server, api_url, "tabs@example.com")
    second = open_app(context, page_server, api_url)
    wait_for_status(second, "signed in as tabs@example.com")
    sessions = live_sessions(database, "tabs@example.com")  # registering made one too
    at = first.evaluate("Date.now() + 500")  # both tabs refresh at this moment
    for tab in (first, second):
        tab.evaluate(
            "(at) => { window.refreshed = null; setTimeout(async () => "
            "{ window.refreshed = await refresh(); }, at - Date.now()); }",
            at,
        )
    for tab in (first, second):
        tab.wait_for_function("window.refreshed !== null")
        assert tab.evaluate("window.refreshed") is True
    for tab in (first, second):
        tab.reload()
        wait_for_status(tab, "signed in as tabs@example.com")
    assert live_sessions(database, "tabs@example.com") == sessions  # none ended, none new


def test_signing_out_in_one_tab_ends_the_session_for_both(context, page_server, api):
    api_url, database = api
    first = signed_in_tab(context, page_server, api_url, "out@example.com")
    second = open_app(context, page_server, api_url)
    wait_for_status(second, "signed in as out@example.com")
    sessions = live_sessions(database, "out@example.com")
    first.click("#logout")
    wait_for_status(first, "signed out")
    second.reload()
    wait_for_status(second, "signed out")
    assert live_sessions(database, "out@example.com") == sessions - 1

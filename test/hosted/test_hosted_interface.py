"""What the authorize step builds on (app/hosted/session.py): signed_in() for the request's
cookie, checked live; signin_url(); and prompt=login, a fresh sign-in replacing the session."""

from collections.abc import Callable
from urllib.parse import parse_qs

import pytest
from flask import Flask
from support.hosted_pages import SITE, HostedClient

from app import db
from app.hosted.headers import widen_form_action_for_next
from app.hosted.session import signed_in, signin_url
from app.models import LoginSession

AUTHORIZE = "/api/v1/oauth/authorize?client_id=c&scope=openid"


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app(PUBLIC_URL=SITE)


@pytest.fixture
def site(app: Flask) -> HostedClient:
    return HostedClient(app.test_client())


def seen_by_authorize(app: Flask, site: HostedClient):
    """signed_in() in a request carrying the browser's session cookie."""
    cookie = site.cookie("__Host-idp")
    headers = {"Cookie": f"__Host-idp={cookie.value}"} if cookie else {}
    with app.test_request_context("/", base_url=SITE, headers=headers):
        return signed_in()


def test_signed_in_says_who_and_how(app: Flask, site: HostedClient, create_account) -> None:
    account = create_account()
    assert seen_by_authorize(app, site) is None
    site.sign_in(account.email, account.password)
    hosted = seen_by_authorize(app, site)
    assert hosted is not None and hosted.user.email == account.email
    assert hosted.amr == ("pwd",) and hosted.proved_within(60)
    with app.app_context():
        assert db.session.get(LoginSession, hosted.session_id).auth_time == hosted.auth_time


def test_signin_url_carries_next_the_hint_and_prompt(app: Flask) -> None:
    with app.test_request_context("/", base_url=SITE):
        url = signin_url(AUTHORIZE, login_hint="ada@example.com", fresh=True)
    path, query = url.split("?", 1)
    assert path == "/signin"
    assert parse_qs(query) == {
        "next": [AUTHORIZE],
        "login_hint": ["ada@example.com"],
        "prompt": ["login"],
    }


def test_prompt_login_asks_again_and_replaces_the_session(
    app: Flask, site: HostedClient, create_account
) -> None:
    account = create_account()
    site.sign_in(account.email, account.password)
    first = seen_by_authorize(app, site)
    with app.test_request_context("/", base_url=SITE):
        fresh = signin_url(AUTHORIZE, fresh=True)
    again = site.sign_in(account.email, account.password, path=fresh)
    assert again.headers["Location"] == AUTHORIZE
    second = seen_by_authorize(app, site)
    assert second is not None and first is not None and second.session_id != first.session_id
    with app.app_context():
        assert db.session.get(LoginSession, first.session_id).revoked_at is not None


def test_a_page_going_on_to_authorize_may_post_to_the_client(
    app: Flask, site: HostedClient
) -> None:
    widen_form_action_for_next(
        app, lambda path: ["https://client.example"] if path.startswith("/api/v1/oauth/") else []
    )
    onwards = site.get("/signin", query_string={"next": AUTHORIZE})
    assert (
        "form-action 'self' https://client.example;" in onwards.headers["Content-Security-Policy"]
    )
    plain = site.get("/signin", query_string={"next": "/elsewhere"})
    assert "form-action 'self';" in plain.headers["Content-Security-Policy"]

"""One set of checks for refresh tokens (app/accounts/refresh_sessions.py): every way a refresh
token dies is walked through every route that takes one, so none of them is laxer."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import jwt
import pytest
from conftest import PASSWORD

from app import db
from app.models import User

EXPIRED = "Refresh token expired. Please log in again."
GRACE = 10  # REFRESH_REUSE_GRACE, by default
REVOKED = "Token blacklisted. Please log in again."
INVALID = "Invalid token. Please log in again."
DISABLED = "Account disabled."


@dataclass
class Browser:
    """A user logged in with the cookie transport: the refresh token, CSRF value and session."""

    app: Any
    client: Any
    account: Any
    refresh: str
    csrf: str
    session_id: str

    def set_user(self, **values: Any) -> None:
        with self.app.app_context():
            user = User.find_by_public_id(self.account.public_id)
            for name, value in values.items():
                setattr(user, name, value)
            db.session.commit()


@pytest.fixture
def browser(app, client, clock, create_account) -> Browser:
    """A cookie login, with every clock frozen first."""
    account = create_account()
    body = {"email": account.email, "password": PASSWORD, "refresh_transport": "cookie"}
    login = client.post("/api/v1/auth/login", json=body).json
    sid = jwt.decode(login["access_token"], options={"verify_signature": False})["sid"]
    refresh = client.get_cookie("refresh").value
    return Browser(app, client, account, refresh, login["csrf_token"], sid)


def spend(browser: Browser) -> None:
    headers = {"X-CSRF-Token": browser.csrf}
    assert browser.client.post("/api/v1/auth/refresh", headers=headers).status_code == 200


def spend_long_ago(browser: Browser, clock) -> None:
    """Spent, and the grace window in which a retry gets the same successor over."""
    spend(browser)
    clock.shift(timedelta(seconds=GRACE + 1))


def end_session(browser: Browser) -> None:
    url, headers = f"/api/v1/auth/sessions/{browser.session_id}", browser.account.headers
    assert browser.client.delete(url, headers=headers).status_code == 204


def log_out_everywhere(browser: Browser) -> None:
    headers = browser.account.headers
    assert browser.client.post("/api/v1/auth/logout-all", headers=headers).status_code == 200


def delete_user(browser: Browser) -> None:
    with browser.app.app_context():
        db.session.delete(User.find_by_public_id(browser.account.public_id))
        db.session.commit()


# How a refresh token dies, and the message of the 401 that refuses it afterwards.
DEATHS = {
    "expired": (lambda browser, clock: clock.shift(timedelta(minutes=2)), EXPIRED),
    "spent": (spend_long_ago, REVOKED),
    "session ended": (lambda browser, clock: end_session(browser), REVOKED),
    "logout-all": (lambda browser, clock: log_out_everywhere(browser), REVOKED),
    "user disabled": (lambda browser, clock: browser.set_user(disabled=True), DISABLED),
    "user deleted": (lambda browser, clock: delete_user(browser), INVALID),
}


def refresh_in_body(client, browser: Browser):
    return client.post("/api/v1/auth/refresh", json={"refresh_token": browser.refresh})


def refresh_with_cookie(client, browser: Browser):
    client.set_cookie("refresh", browser.refresh)
    return client.post("/api/v1/auth/refresh", headers={"X-CSRF-Token": browser.csrf})


def logout_with_cookie_alone(client, browser: Browser):
    client.set_cookie("refresh", browser.refresh)
    return client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": browser.csrf})


# Each route that takes a refresh token, and whether it answers a refusal by clearing cookies.
READERS = {refresh_in_body: False, refresh_with_cookie: True, logout_with_cookie_alone: True}


@pytest.mark.parametrize("reader", list(READERS), ids=lambda reader: reader.__name__)
@pytest.mark.parametrize("death", list(DEATHS))
def test_a_dead_refresh_token_is_refused_by_every_route(app, browser, clock, reader, death):
    kill, message = DEATHS[death]
    kill(browser, clock)
    response = reader(app.test_client(), browser)
    assert (response.status_code, response.json["message"]) == (401, message)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    cleared = [c for c in response.headers.getlist("Set-Cookie") if "Max-Age=0" in c]
    assert len(cleared) == (2 if READERS[reader] else 0)


@pytest.mark.parametrize("death", list(DEATHS))
def test_the_oauth_refresh_grant_refuses_them_too(app, browser, clock, death):
    DEATHS[death][0](browser, clock)
    form = {"grant_type": "refresh_token", "refresh_token": browser.refresh}
    response = app.test_client().post("/api/v1/auth/token", data=form)
    assert (response.status_code, response.json["error"]) == (400, "invalid_grant")


@pytest.mark.parametrize("reader", list(READERS), ids=lambda reader: reader.__name__)
def test_a_spent_token_ends_its_session_whichever_route_it_comes_to(app, browser, clock, reader):
    spend_long_ago(browser, clock)
    successor = browser.client.get_cookie("refresh").value
    reader(app.test_client(), browser)  # a copy of the spent token comes back
    response = app.test_client().post("/api/v1/auth/refresh", json={"refresh_token": successor})
    assert (response.status_code, response.json["message"]) == (401, REVOKED)


def test_a_body_token_of_an_ended_session_is_nothing_left_to_end(client, browser):
    """Like an expired one: logout still revokes the access token it was called with."""
    end_session(browser)
    body, headers = {"refresh_token": browser.refresh}, browser.account.headers
    assert client.post("/api/v1/auth/logout", json=body, headers=headers).status_code == 200
    assert client.get("/api/v1/auth/user", headers=headers).status_code == 401

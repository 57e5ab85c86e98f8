"""The hosted sign-in form as scripts drive it: GET the page, read csrf_token from its hidden
input, POST; the session cookie it sets, and what a wrong password or a forged form gets."""

from collections.abc import Callable

import pytest
from conftest import Account, account_in
from flask import Flask
from support.hosted_pages import HostedClient, the_form

from app import db
from app.models import AuditEvent, LoginSession, User

SESSION_COOKIE = "__Host-idp"


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app(PUBLIC_URL="https://localhost")


@pytest.fixture
def site(app: Flask) -> HostedClient:
    return HostedClient(app.test_client())


def test_the_page_holds_one_form_with_the_contract_fields(site: HostedClient) -> None:
    page = site.get("/signin")
    form = the_form(page)
    assert page.status_code == 200
    assert form["action"] == "/signin"
    assert set(form["fields"]) == {"csrf_token", "email", "password"}
    assert form["fields"]["csrf_token"]


def test_a_right_password_sets_the_session_cookie(site: HostedClient, create_account) -> None:
    account: Account = create_account()
    response = site.sign_in(account.email, account.password)
    assert response.status_code == 303
    assert response.headers["Location"] == "/signed-in"
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if "__Host-idp=" in c)
    attributes = {part.strip().split("=")[0] for part in cookie.split(";")}
    assert {"Secure", "HttpOnly", "Path"} <= attributes and "Domain" not in attributes
    assert "SameSite=Lax" in cookie and "Path=/" in cookie
    assert account.email in site.get("/signed-in").get_data(as_text=True)


def test_only_the_secrets_hash_is_stored(app: Flask, site: HostedClient, create_account) -> None:
    account = create_account()
    site.sign_in(account.email, account.password)
    secret = site.cookie(SESSION_COOKIE).value
    with app.app_context():
        hashes = db.session.scalars(db.select(LoginSession.hosted_secret_hash)).all()
    assert secret not in hashes and any(hashes)


@pytest.mark.parametrize("email", ["known", "nobody@example.com"])
def test_a_wrong_password_shows_the_page_again_with_one_error(
    site: HostedClient, create_account, email: str
) -> None:
    account = create_account()
    response = site.sign_in(account.email if email == "known" else email, "wrong-password-1")
    assert response.status_code == 400
    assert response.get_data(as_text=True).count('class="error"') == 1
    assert "Email or password does not match." in response.get_data(as_text=True)
    assert site.cookie(SESSION_COOKIE) is None


def test_a_failed_sign_in_is_audited_like_the_apis(
    app: Flask, site: HostedClient, create_account
) -> None:
    account = create_account()
    site.sign_in(account.email, "wrong-password-1")
    with app.app_context():
        events = db.session.scalars(db.select(AuditEvent.event)).all()
    assert "login_failed" in events


def test_repeated_failures_are_throttled(make_app: Callable[..., Flask]) -> None:
    app = make_app(PUBLIC_URL="https://localhost", LOGIN_FAILURES_BEFORE_DELAY=3)
    account, site = account_in(app), HostedClient(app.test_client())
    for _ in range(3):
        site.sign_in(account.email, "wrong-password-1")
    response = site.sign_in(account.email, account.password)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert site.cookie(SESSION_COOKIE) is None


def test_the_login_rate_limit_holds(make_app: Callable[..., Flask]) -> None:
    app = make_app(
        PUBLIC_URL="https://localhost", RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="2/minute"
    )
    account, site = account_in(app), HostedClient(app.test_client())
    statuses = [site.sign_in(account.email, "wrong-password-1").status_code for _ in range(3)]
    assert statuses == [400, 400, 429]
    assert "Too many attempts" in site.sign_in(account.email, "x").get_data(as_text=True)


def test_a_disabled_account_is_refused(app: Flask, site: HostedClient, create_account) -> None:
    account = create_account()
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(email=account.email))
        user.disabled = True
        db.session.commit()
    response = site.sign_in(account.email, account.password)
    assert response.status_code == 403
    assert "This account is disabled." in response.get_data(as_text=True)
    assert site.cookie(SESSION_COOKIE) is None


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_a_post_without_its_csrf_token_is_refused(
    site: HostedClient, create_account, token: str | None
) -> None:
    account = create_account()
    site.get("/signin")  # the browser has its CSRF cookie
    data = {"email": account.email, "password": account.password}
    if token is not None:
        data["csrf_token"] = token
    response = site.post("/signin", data=data)
    assert response.status_code == 403
    assert "did not come from this site" in response.get_data(as_text=True)
    assert site.cookie(SESSION_COOKIE) is None


def test_a_token_of_another_browser_is_refused(app: Flask, create_account) -> None:
    account = create_account()
    token = the_form(HostedClient(app.test_client()).get("/signin"))["fields"]["csrf_token"]
    victim = HostedClient(app.test_client())
    victim.get("/signin")
    data = {"email": account.email, "password": account.password, "csrf_token": token}
    assert victim.post("/signin", data=data).status_code == 403


@pytest.mark.parametrize("email", ["a\x00b@example.com", "a\x7f@example.com", "a\nb@example.com"])
def test_control_characters_are_refused_before_anything_reads_them(
    site: HostedClient, email: str
) -> None:
    response = site.sign_in(email, "whatever-password")
    assert response.status_code == 400
    assert "holds characters" in response.get_data(as_text=True)


def test_a_control_character_in_the_query_is_refused(site: HostedClient) -> None:
    assert site.get("/signin", query_string={"login_hint": "a\x00b"}).status_code == 400

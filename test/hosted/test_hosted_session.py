"""The hosted session: tied to a login session, so listed in /auth/sessions and ended with it
(by its revocation, logout-all, a password reset); sign-out; and the second-factor step."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from conftest import Account, enable_totp
from flask import Flask
from flask.testing import FlaskClient
from support.hosted_pages import HostedClient, the_form

from app import db
from app.models import LoginSession

SESSION_COOKIE = "__Host-idp"


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app(PUBLIC_URL="https://localhost")


@pytest.fixture
def site(app: Flask) -> HostedClient:
    return HostedClient(app.test_client())


def signed_in_id(app: Flask) -> str:
    """The id of the one login session the hosted sign-in made."""
    with app.app_context():
        query = db.select(LoginSession.id).where(LoginSession.hosted_secret_hash.is_not(None))
        return db.session.scalars(query).one()


def is_signed_in(site: HostedClient) -> bool:
    return site.get("/signed-in").status_code == 200


def test_the_session_is_listed_and_ended_by_its_revocation(
    app: Flask, client: FlaskClient, site: HostedClient, create_account
) -> None:
    account: Account = create_account()
    site.sign_in(account.email, account.password)
    session_id = signed_in_id(app)
    listed = client.get("/api/v1/auth/sessions", headers=account.headers).json["sessions"]
    assert session_id in {item["id"] for item in listed}
    ended = client.delete(f"/api/v1/auth/sessions/{session_id}", headers=account.headers)
    assert ended.status_code == 204 and not is_signed_in(site)


def test_logout_all_ends_it(client: FlaskClient, site: HostedClient, create_account) -> None:
    account = create_account()
    site.sign_in(account.email, account.password)
    assert is_signed_in(site)
    client.post("/api/v1/auth/logout-all", headers=account.headers)
    assert not is_signed_in(site)
    assert site.get("/signed-in").headers["Location"] == "/signin"


def test_a_password_reset_ends_it(
    client: FlaskClient, site: HostedClient, create_account, mailbox, deliver
) -> None:
    account = create_account()
    site.sign_in(account.email, account.password)
    client.post("/api/v1/auth/password-reset", json={"email": account.email})
    deliver()
    token = mailbox.token_in(mailbox.messages[-1])
    body = {"token": token, "new_password": "another-horse-77"}
    assert client.post("/api/v1/auth/password-reset/confirm", json=body).status_code == 200
    assert not is_signed_in(site)


def test_sign_out_ends_it_and_its_login_session(
    app: Flask, site: HostedClient, create_account
) -> None:
    account = create_account()
    site.sign_in(account.email, account.password)
    session_id = signed_in_id(app)
    response = site.submit(site.get("/signed-in"))
    assert response.status_code == 200 and "You are signed out." in response.get_data(as_text=True)
    assert site.cookie(SESSION_COOKIE) is None
    with app.app_context():
        assert db.session.get(LoginSession, session_id).revoked_at is not None
    assert site.get("/signed-out").status_code == 200


def test_password_and_totp_in_two_steps(
    client: FlaskClient, site: HostedClient, create_account, clock
) -> None:
    account = create_account()
    authenticator = enable_totp(client, account)
    clock.shift(timedelta(seconds=30))  # past the step whose code turned it on
    first = site.sign_in(account.email, account.password)
    assert first.status_code == 303 and first.headers["Location"] == "/signin/second-step"
    assert site.cookie(SESSION_COOKIE) is None
    page = site.get("/signin/second-step")
    assert set(the_form(page)["fields"]) == {"csrf_token", "method", "code"}
    assert the_form(page)["fields"]["method"] == "totp"
    done = site.submit(page, code=authenticator.now())
    assert done.status_code == 303 and done.headers["Location"] == "/signed-in"
    assert site.cookie(SESSION_COOKIE) is not None and is_signed_in(site)


def test_a_wrong_code_shows_the_step_again(
    client: FlaskClient, site: HostedClient, create_account
) -> None:
    account = create_account()
    authenticator = enable_totp(client, account)
    site.sign_in(account.email, account.password)
    wrong = f"{(int(authenticator.now()) + 1) % 1_000_000:06d}"
    again = site.submit(site.get("/signin/second-step"), code=wrong)
    assert again.status_code == 400 and "That code is not valid." in again.get_data(as_text=True)
    assert set(the_form(again)["fields"]) == {"csrf_token", "method", "code"}
    assert not is_signed_in(site)


def test_the_second_step_without_a_first_is_the_signin_page(site: HostedClient) -> None:
    page = site.get("/signin/second-step")
    assert page.status_code == 400
    assert set(the_form(page)["fields"]) == {"csrf_token", "email", "password"}


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
        "/\t/evil.example",
        "evil.example",
    ],
)
def test_next_never_leaves_the_site(site: HostedClient, create_account, target: str) -> None:
    account = create_account()
    response = site.sign_in(account.email, account.password, path=f"/signin?next={target}")
    assert response.headers["Location"] == "/signed-in"


def test_next_on_the_site_is_followed(site: HostedClient, create_account) -> None:
    account = create_account()
    target = "/api/v1/oauth/authorize?client_id=a&scope=openid"
    page = site.get("/signin", query_string={"next": target})
    response = site.submit(page, email=account.email, password=account.password)
    assert response.headers["Location"] == target
    again = site.get("/signin", query_string={"next": target})  # signed in: straight on
    assert again.status_code == 303 and again.headers["Location"] == target


def test_every_page_is_strict_and_uncached(site: HostedClient) -> None:
    for path in ("/signin", "/signed-out", "/signin/second-step"):
        headers = site.get(path).headers
        policy = headers["Content-Security-Policy"]
        for directive in (
            "default-src 'none'",
            "style-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
        ):
            assert directive in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert headers["Cache-Control"] == "no-store"
    signin = site.get("/signin").headers["Content-Security-Policy"]
    assert "script-src 'self'" in signin  # the passkey button's file, nothing inline
    assert "script-src" not in site.get("/signed-out").headers["Content-Security-Policy"]


def test_an_operators_template_replaces_one_page(make_app: Callable[..., Flask], tmp_path) -> None:
    (tmp_path / "hosted").mkdir()
    (tmp_path / "hosted" / "signed_out.html").write_text(
        '{% extends "hosted/base.html" %}{% block title %}Bye from {{ brand_name }}{% endblock %}'
    )
    app = make_app(
        PUBLIC_URL="https://localhost", TEMPLATES_FOLDER=str(tmp_path), BRAND_NAME="Acme"
    )
    site = HostedClient(app.test_client())
    assert "Bye from Acme" in site.get("/signed-out").get_data(as_text=True)
    assert "Sign in" in site.get("/signin").get_data(as_text=True)  # the others packaged


def test_a_forged_sign_out_ends_nothing(site: HostedClient, create_account) -> None:
    account = create_account()
    site.sign_in(account.email, account.password)
    assert site.post("/signout", data={"csrf_token": "forged"}).status_code == 403
    assert is_signed_in(site)

"""The hosted second step beyond the authenticator app: a code by email (its own page sends
it, then the step's form takes it) and a recovery code; each a method the registry offers."""

from collections.abc import Callable
from datetime import timedelta

import pyotp
import pytest
from conftest import enable_totp, stepped_up
from flask import Flask
from flask.testing import FlaskClient
from support.hosted_pages import HostedClient, the_form

EMAIL_FACTOR = "/api/v1/auth/mfa/email"
TURN_ON = "Your code to turn on sign-in codes by email"
SECOND_STEP = "Your code to finish signing in"


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app(PUBLIC_URL="https://localhost")


@pytest.fixture
def site(app: Flask) -> HostedClient:
    return HostedClient(app.test_client())


@pytest.fixture
def code_in_mail(mailbox, deliver) -> Callable[[str, str], str]:
    def read(address: str, subject: str) -> str:
        deliver()
        sent = [m for m in mailbox.messages if m["To"] == address and m["Subject"] == subject]
        return mailbox.code_in(sent[-1])

    return read


def test_a_code_by_email_finishes_the_sign_in(
    app: Flask, client: FlaskClient, site: HostedClient, create_account, code_in_mail, clock
) -> None:
    account = create_account()
    headers = stepped_up(app, account)
    assert client.post(EMAIL_FACTOR, headers=headers).status_code == 202
    code = code_in_mail(account.email, TURN_ON)
    client.post(f"{EMAIL_FACTOR}/confirm", json={"code": code}, headers=headers)
    clock.shift(timedelta(minutes=2))  # one code a minute
    site.sign_in(account.email, account.password)
    step = site.get("/signin/second-step")
    assert "/signin/second-step/email" in step.get_data(as_text=True)
    sender = site.get("/signin/second-step/email")
    assert set(the_form(sender)["fields"]) == {"csrf_token"}
    sent = site.submit(sender)
    assert sent.status_code == 303
    page = site.get(sent.headers["Location"])
    assert the_form(page)["fields"]["method"] == "email"
    done = site.submit(page, code=code_in_mail(account.email, SECOND_STEP))
    assert (done.status_code, done.headers["Location"]) == (303, "/signed-in")


def test_a_recovery_code_finishes_it(
    client: FlaskClient, site: HostedClient, create_account
) -> None:
    account = create_account()
    secret = client.post("/api/v1/auth/mfa/totp", headers=account.headers).json["secret"]
    confirm = {"code": pyotp.TOTP(secret).now()}
    confirmed = client.post("/api/v1/auth/mfa/totp/confirm", json=confirm, headers=account.headers)
    recovery_code = confirmed.json["recovery_codes"][0]
    site.sign_in(account.email, account.password)
    page = site.get("/signin/second-step")
    done = site.submit(page, method="recovery_code", code=recovery_code)
    assert (done.status_code, done.headers["Location"]) == (303, "/signed-in")


def test_a_method_not_offered_is_a_wrong_code(
    client: FlaskClient, site: HostedClient, create_account
) -> None:
    account = create_account()
    enable_totp(client, account)
    site.sign_in(account.email, account.password)
    refused = site.submit(site.get("/signin/second-step"), method="passkey", code="123456")
    assert refused.status_code == 400
    assert "That code is not valid." in refused.get_data(as_text=True)

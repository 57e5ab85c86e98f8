"""Signing in with a code sent by email (POST /auth/login/code, then /confirm): the code read
from a real SMTP server, the clock moved with time-machine."""

from datetime import timedelta

import jwt
import pytest
from conftest import PASSWORD, enable_totp

from app import db
from app.models import AuditEvent, User
from app.models.email_factor import EmailFactor
from app.util.datetime_util import utc_now

SEND, CONFIRM = "/api/v1/auth/login/code", "/api/v1/auth/login/code/confirm"
ON_ITS_WAY = "If that address has an account, a code is on its way."
NOT_VALID = "That code is not valid."
SUBJECT = "Your code to sign in"


@pytest.fixture
def code_for(client, mailbox, deliver):
    """Ask for a sign-in code for `email`; the code the newest such mail carries."""

    def ask(email: str) -> str:
        response = client.post(SEND, json={"email": email})
        assert (response.status_code, response.json["message"]) == (202, ON_ITS_WAY)
        deliver()
        sent = [m for m in mailbox.messages if m["To"] == email and m["Subject"] == SUBJECT]
        return mailbox.code_in(sent[-1])

    return ask


def confirm(client, email: str, code: str):
    return client.post(CONFIRM, json={"email": email, "code": code})


def amr(response) -> list[str]:
    assert response.status_code == 200, response.json
    return jwt.decode(response.json["access_token"], options={"verify_signature": False})["amr"]


def test_the_code_in_the_email_signs_in(client, create_account, code_for, clock):
    account = create_account()
    response = confirm(client, account.email, code_for(account.email))
    assert response.json["message"] == "successfully logged in"
    assert amr(response) == ["otp"]


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, mailbox, deliver, clock):
    response = client.post(SEND, json={"email": "nobody@example.com"})
    assert (response.status_code, response.json) == (
        202,
        {"status": "success", "message": ON_ITS_WAY},
    )
    deliver()
    assert mailbox.messages == []
    refused = confirm(client, "nobody@example.com", "123456")
    assert (refused.status_code, refused.json["message"]) == (401, NOT_VALID)


def test_a_code_works_once(client, create_account, code_for, clock):
    account = create_account()
    code = code_for(account.email)
    assert confirm(client, account.email, code).status_code == 200
    again = confirm(client, account.email, code)
    assert (again.status_code, again.json["message"]) == (401, NOT_VALID)


def test_a_code_lives_ten_minutes(client, create_account, code_for, clock):
    account = create_account()
    code = code_for(account.email)
    clock.shift(timedelta(minutes=10, seconds=1))
    assert confirm(client, account.email, code).json["message"] == NOT_VALID


def test_five_wrong_tries_end_the_code(client, create_account, code_for, clock):
    account = create_account()
    code = code_for(account.email)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert confirm(client, account.email, wrong).json["message"] == NOT_VALID
    assert confirm(client, account.email, code).json["message"] == NOT_VALID


def test_asking_again_replaces_the_code_once_a_minute_passed(
    client, create_account, code_for, clock
):
    account = create_account()
    first = code_for(account.email)
    clock.shift(timedelta(seconds=61))
    second = code_for(account.email)
    if first != second:  # one chance in a million that the new code is the same
        assert confirm(client, account.email, first).json["message"] == NOT_VALID
    assert confirm(client, account.email, second).status_code == 200


def test_within_a_minute_no_second_mail_goes_out(client, create_account, code_for, mailbox, clock):
    account = create_account()
    code = code_for(account.email)
    assert code_for(account.email) == code  # the newest mail is still the first
    assert len(mailbox.messages) == 1
    assert confirm(client, account.email, code).status_code == 200


@pytest.mark.parametrize("known", [True, False], ids=["known", "unknown"])
def test_a_second_request_within_a_minute_is_429_for_every_address(make_app, known, clock):
    app = make_app(RATELIMIT_ENABLED=True)
    client = app.test_client()
    email = "ada@example.com"
    if known:
        client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})
    assert client.post(SEND, json={"email": email}).status_code == 202
    again = client.post(SEND, json={"email": "ada@ｅｘａｍｐｌｅ.com"})  # full-width, same address
    assert again.status_code == 429
    assert 0 < int(again.headers["Retry-After"]) <= 61  # the limiter rounds up


def test_with_two_factor_on_the_code_is_the_first_step(client, create_account, code_for, clock):
    account = create_account()
    app = enable_totp(client, account)
    first = confirm(client, account.email, code_for(account.email))
    assert (first.status_code, first.json["error"]) == (401, "mfa_required")
    assert first.json["methods"] == ["totp", "recovery_code"]
    clock.shift(timedelta(seconds=30))
    second = {"mfa_token": first.json["mfa_token"], "code": app.now()}
    assert amr(client.post("/api/v1/auth/login/mfa", json=second)) == ["otp", "mfa"]


def test_an_account_without_a_password_signs_in(app, client, create_account, code_for, clock):
    account = create_account()
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(email=account.email))
        user.password_hash = None
        db.session.commit()
    assert confirm(client, account.email, code_for(account.email)).status_code == 200


def test_the_code_proves_an_address_and_ends_what_its_registrant_set_up(
    client, create_account, code_for, clock
):
    registrant = create_account(verified=False)  # maybe not the address's owner
    signed_in = confirm(client, registrant.email, code_for(registrant.email))
    assert signed_in.status_code == 200
    headers = {"Authorization": f"Bearer {signed_in.json['access_token']}"}
    assert client.get("/api/v1/auth/user", headers=headers).json["email_verified"] is True
    assert client.get("/api/v1/auth/user", headers=registrant.headers).status_code == 401
    old_password = {"email": registrant.email, "password": registrant.password}
    assert client.post("/api/v1/auth/login", json=old_password).status_code == 401


def test_a_disabled_account_gets_no_code(client, runner, create_account, mailbox, deliver):
    account = create_account()
    runner.invoke(args=["disable-user", account.email])
    assert client.post(SEND, json={"email": account.email}).status_code == 202
    deliver()
    assert mailbox.messages == []


def test_wrong_codes_count_as_failed_logins(app, client, create_account, code_for, clock):
    account = create_account()
    code_for(account.email)
    confirm(client, account.email, "999999")
    with app.app_context():
        events = db.session.scalars(db.select(AuditEvent.event).order_by(AuditEvent.id)).all()
    assert events[-2:] == ["login_code_sent", "login_failed"]


@pytest.mark.parametrize("code", ["12345", "1234567", "abcdef", "", "１２３４５６", None])
def test_a_code_that_cannot_be_one_is_400(client, code):
    response = client.post(CONFIRM, json={"email": "ada@example.com", "code": code})
    assert response.status_code == 400
    assert list(response.json["errors"]) == ["code"]


def test_the_mailbox_alone_cannot_be_both_steps(app, client, create_account, code_for, clock):
    account = create_account()
    with app.app_context():  # codes by email on, and no recovery code left
        user = db.session.scalar(db.select(User).filter_by(email=account.email))
        user.mfa_enabled = True
        db.session.add(EmailFactor(user_id=user.id, created_at=utc_now(), confirmed_at=utc_now()))
        db.session.commit()
    response = confirm(client, account.email, code_for(account.email))
    assert (response.status_code, response.json["message"]) == (
        401,
        "No second factor can follow this sign-in: sign in with your password.",
    )

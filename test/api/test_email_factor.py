"""Codes by email as a second factor, added through the factor registry: turning it on and off,
the second step of a login and step-up with a mailed code, read from a real SMTP server."""

from datetime import timedelta

import jwt
import pytest
from conftest import PASSWORD, account_in, enable_totp, stepped_up

from app.mail.outbox import deliver_due_messages

AUTH = "/api/v1/auth"
ON, LOGIN, LOGIN_MFA = f"{AUTH}/mfa/email", f"{AUTH}/login", f"{AUTH}/login/mfa"
TURN_ON = "Your code to turn on sign-in codes by email"
SECOND_STEP = "Your code to finish signing in"
NOT_VALID = "That code is not valid."


@pytest.fixture
def code_in_mail(mailbox, deliver):
    """The code of the newest mail to `address` with `subject`."""

    def read(address: str, subject: str) -> str:
        deliver()
        sent = [m for m in mailbox.messages if m["To"] == address and m["Subject"] == subject]
        return mailbox.code_in(sent[-1])

    return read


@pytest.fixture
def turn_on(app, client, code_in_mail):
    """Turn the email factor on for `account`; the answer of the confirmation."""

    def run(account):
        headers = stepped_up(app, account)
        started = client.post(ON, headers=headers)
        assert started.status_code == 202, started.json
        code = code_in_mail(account.email, TURN_ON)
        return client.post(f"{ON}/confirm", json={"code": code}, headers=headers)

    return run


def first_step(client, account):
    response = client.post(LOGIN, json={"email": account.email, "password": PASSWORD})
    assert response.json["error"] == "mfa_required", response.json
    return response.json


def amr(response) -> list[str]:
    assert response.status_code == 200, response.json
    return jwt.decode(response.json["access_token"], options={"verify_signature": False})["amr"]


def test_turning_it_on_gives_recovery_codes_and_asks_for_it_at_login(
    client, create_account, turn_on, clock
):
    account = create_account()
    confirmed = turn_on(account)
    assert len(confirmed.json["recovery_codes"]) == 10
    first = first_step(client, account)
    assert first["methods"] == ["email", "recovery_code"]
    assert first["message"] == "Enter the code we emailed you."


def test_a_mailed_code_finishes_the_login_it_was_sent_for(
    client, create_account, turn_on, code_in_mail, clock
):
    account = create_account()
    turn_on(account)
    mfa_token = first_step(client, account)["mfa_token"]
    sent = client.post(f"{LOGIN_MFA}/email", json={"mfa_token": mfa_token})
    assert (sent.status_code, sent.json["message"]) == (
        202,
        "A code is on its way to your address.",
    )
    answer = {"mfa_token": mfa_token, "method": "email"}
    answer["code"] = code_in_mail(account.email, SECOND_STEP)
    assert amr(client.post(LOGIN_MFA, json=answer)) == ["pwd", "otp", "mfa"]
    again = client.post(
        LOGIN_MFA, json=answer | {"mfa_token": first_step(client, account)["mfa_token"]}
    )
    assert (again.status_code, again.json["message"]) == (401, NOT_VALID)


def test_a_code_sent_for_one_login_does_not_finish_another(
    client, create_account, turn_on, code_in_mail, clock
):
    account = create_account()
    turn_on(account)
    one, other = first_step(client, account)["mfa_token"], first_step(client, account)["mfa_token"]
    client.post(f"{LOGIN_MFA}/email", json={"mfa_token": one})
    answer = {"mfa_token": other, "method": "email"}
    answer["code"] = code_in_mail(account.email, SECOND_STEP)
    assert client.post(LOGIN_MFA, json=answer).json["message"] == NOT_VALID


def test_wrong_tries_at_another_login_spend_none_of_this_ones(
    client, create_account, turn_on, code_in_mail, clock
):
    account = create_account()
    turn_on(account)
    one, other = first_step(client, account)["mfa_token"], first_step(client, account)["mfa_token"]
    client.post(f"{LOGIN_MFA}/email", json={"mfa_token": one})
    for _ in range(5):
        client.post(LOGIN_MFA, json={"mfa_token": other, "method": "email", "code": "000000"})
    answer = {"mfa_token": one, "method": "email"}
    answer["code"] = code_in_mail(account.email, SECOND_STEP)
    assert amr(client.post(LOGIN_MFA, json=answer)) == ["pwd", "otp", "mfa"]


def test_a_second_code_within_a_minute_is_429(client, create_account, turn_on, clock):
    account = create_account()
    turn_on(account)
    mfa_token = first_step(client, account)["mfa_token"]
    assert client.post(f"{LOGIN_MFA}/email", json={"mfa_token": mfa_token}).status_code == 202
    again = client.post(f"{LOGIN_MFA}/email", json={"mfa_token": mfa_token})
    assert (again.status_code, again.headers["Retry-After"]) == (429, "60")
    clock.shift(timedelta(seconds=61))
    assert client.post(f"{LOGIN_MFA}/email", json={"mfa_token": mfa_token}).status_code == 202


def test_only_a_verified_address_can_be_the_factor(app, client, create_account, clock):
    account = create_account(verified=False)
    response = client.post(ON, headers=stepped_up(app, account))
    assert (response.status_code, response.json["message"]) == (
        409,
        "Verify your email address first: the codes go there.",
    )


def test_turning_it_on_twice_is_409(app, client, create_account, turn_on, clock):
    account = create_account()
    turn_on(account)
    response = client.post(ON, headers=stepped_up(app, account))
    assert (response.status_code, response.json["message"]) == (
        409,
        "Codes by email are already on.",
    )


def test_beside_the_app_it_brings_no_new_codes_and_outlives_it(
    app, client, create_account, turn_on, clock
):
    account = create_account()
    enable_totp(client, account)
    assert turn_on(account).json == {"recovery_codes": []}
    assert first_step(client, account)["methods"] == ["totp", "email", "recovery_code"]
    headers = stepped_up(app, account)
    assert client.delete(ON, headers=headers).status_code == 204
    assert first_step(client, account)["methods"] == ["totp", "recovery_code"]


def test_turning_the_last_factor_off_turns_two_factor_off(
    app, client, create_account, turn_on, clock
):
    account = create_account()
    turn_on(account)
    assert client.delete(ON, headers=stepped_up(app, account)).status_code == 204
    login = client.post(LOGIN, json={"email": account.email, "password": PASSWORD})
    assert login.status_code == 200


def test_an_admin_held_to_two_factor_keeps_a_last_factor(make_app, mailbox_for, clock):
    app = make_app(REQUIRE_MFA_FOR_ADMINS=True)
    mailbox, client = mailbox_for(app), app.test_client()
    admin = account_in(app, admin=True)
    headers = stepped_up(app, admin)
    client.post(ON, headers=headers)
    with app.app_context():
        deliver_due_messages()
    code = mailbox.code_in(mailbox.messages[-1])
    client.post(f"{ON}/confirm", json={"code": code}, headers=headers)
    response = client.delete(ON, headers=headers)
    assert (response.status_code, response.json["message"]) == (
        409,
        "Keep a second factor on while you are an admin: turn another one on first.",
    )


def test_an_admin_held_to_two_factor_cannot_reset_their_own(make_app, clock):
    app = make_app(REQUIRE_MFA_FOR_ADMINS=True)
    client, admin = app.test_client(), account_in(app, admin=True)
    enable_totp(client, admin)
    url = f"/api/v1/users/{admin.public_id}/mfa"
    response = client.delete(url, headers=stepped_up(app, admin))
    assert (response.status_code, response.json["message"]) == (
        409,
        "Keep a second factor on while you are an admin: turn another one on first.",
    )


def test_a_mailed_code_is_the_step_up(app, client, create_account, turn_on, code_in_mail, clock):
    account = create_account()
    turn_on(account)
    assert client.post(f"{ON}/code", headers=account.headers).status_code == 202
    code = code_in_mail(account.email, "Your code to confirm it is you")
    body = {"password": PASSWORD, "code": code, "method": "email"}
    response = client.post(f"{AUTH}/reauthenticate", json=body, headers=account.headers)
    assert amr(response) == ["pwd", "otp", "mfa"]


def test_after_a_sign_in_by_emailed_code_it_is_not_offered(
    client, create_account, turn_on, code_in_mail, clock
):
    account = create_account()
    turn_on(account)
    client.post(f"{AUTH}/login/code", json={"email": account.email})
    body = {"email": account.email, "code": code_in_mail(account.email, "Your code to sign in")}
    first = client.post(f"{AUTH}/login/code/confirm", json=body)
    assert first.json["methods"] == ["recovery_code"]
    mfa_token = first.json["mfa_token"]
    refused = client.post(f"{LOGIN_MFA}/email", json={"mfa_token": mfa_token})
    assert (refused.status_code, refused.json["message"]) == (409, "That second factor is not on.")


def test_an_admin_reset_turns_it_off(app, client, create_account, turn_on, clock):
    account = create_account()
    turn_on(account)
    admin = stepped_up(app, create_account(admin=True))
    assert client.delete(f"/api/v1/users/{account.public_id}/mfa", headers=admin).status_code == 204
    login = client.post(LOGIN, json={"email": account.email, "password": PASSWORD})
    assert login.status_code == 200

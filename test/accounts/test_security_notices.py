"""Security notices, read from a real SMTP server: a sign-in from a new client or address, a new
password, a passkey or a personal token each tell the owner; SECURITY_NOTIFICATIONS=false stops
them all."""

import pytest
from conftest import account_in
from support.soft_authenticator import SoftAuthenticator

from app.mail.outbox import deliver_due_messages

SUBJECT = "A change to how you sign in"


def notices(mailbox, deliver, account):
    deliver()
    return [
        mailbox.text_of(m).splitlines()[0]
        for m in mailbox.messages
        if m["To"] == account.email and m["Subject"] == SUBJECT
    ]


def login(client, account, agent="curl/8.5", address="203.0.113.5"):
    body = {"email": account.email, "password": account.password}
    headers = {"User-Agent": agent}
    response = client.post(
        "/api/v1/auth/login", json=body, headers=headers, environ_base={"REMOTE_ADDR": address}
    )
    assert response.status_code == 200
    return response


def test_a_sign_in_from_a_new_client_or_address_is_told(client, create_account, mailbox, deliver):
    account = create_account()
    login(client, account)
    login(client, account)  # the same client at the same address: nothing new
    login(client, account, address="198.51.100.23")
    login(client, account, agent="Firefox/140.0", address="198.51.100.23")
    assert notices(mailbox, deliver, account) == [
        "Someone signed in to your account from curl/8.5 at 203.0.113.5.",
        "Someone signed in to your account from curl/8.5 at 198.51.100.23.",
        "Someone signed in to your account from Firefox/140.0 at 198.51.100.23.",
    ]


def test_each_new_way_in_is_told(client, create_account, mailbox, deliver):
    account = create_account()
    body = {"current_password": account.password, "new_password": "new-horse-battery-7"}
    changed = client.post("/api/v1/auth/password", json=body, headers=account.headers)
    headers = {"Authorization": f"Bearer {changed.json['access_token']}"}
    options = client.post("/api/v1/auth/passkeys/register/options", headers=headers).json
    credential = SoftAuthenticator().create(options)
    client.post(
        "/api/v1/auth/passkeys", json={"credential": credential, "name": "laptop"}, headers=headers
    )
    token = {"name": "ci", "scopes": "widgets:read"}
    assert client.post("/api/v1/auth/tokens", json=token, headers=headers).status_code == 201
    assert notices(mailbox, deliver, account) == [
        "The password of your account was changed.",
        "A passkey named 'laptop' was added to your account.",
        "A personal access token named 'ci' was made for your account.",
    ]


@pytest.fixture
def quiet_app(make_app):
    return make_app(SECURITY_NOTIFICATIONS=False)


def test_notices_can_be_turned_off(quiet_app, mailbox_for):
    mailbox = mailbox_for(quiet_app)
    client, account = quiet_app.test_client(), account_in(quiet_app)
    login(client, account)
    body = {"current_password": account.password, "new_password": "new-horse-battery-7"}
    assert (
        client.post("/api/v1/auth/password", json=body, headers=account.headers).status_code == 200
    )
    with quiet_app.app_context():
        deliver_due_messages()
    assert mailbox.messages == []

"""Changing the account's address, end to end through a real SMTP server: the confirmation goes
to the new address and a notice to the old; the change happens once, ends every session, and an
address taken at either step is a 409, never a 500."""

import pytest
from conftest import account_in

EMAIL = "/api/v1/auth/email"
CONFIRM = "/api/v1/auth/email/confirm"
INVALID = {"token": "This confirmation link is invalid, used or has expired."}


def ask(client, account, new_email, password=None):
    body = {"new_email": new_email, "password": password or account.password}
    return client.post(EMAIL, json=body, headers=account.headers)


def token_sent_to(mailbox, deliver, address):
    deliver()
    (message,) = [m for m in mailbox.messages if m["To"] == address]
    assert message["Subject"] == "Confirm your new email address"
    return mailbox.token_in(message)


def login(client, email, password):
    body = {"email": email, "password": password}
    return client.post("/api/v1/auth/login", json=body).status_code


def test_the_new_address_confirms_and_the_old_one_hears_of_it(
    client, create_account, mailbox, deliver
):
    account = create_account()
    response = ask(client, account, "Ada.New@Example.com")
    assert (response.status_code, response.json["message"]) == (
        202,
        "confirmation sent to the new address",
    )
    token = token_sent_to(mailbox, deliver, "ada.new@example.com")
    (notice,) = [m for m in mailbox.messages if m["To"] == account.email]
    assert "ada.new@example.com" in mailbox.text_of(notice)
    assert login(client, account.email, account.password) == 200  # nothing changed yet
    confirmed = client.post(CONFIRM, json={"token": token})
    assert (confirmed.status_code, confirmed.json["message"]) == (
        200,
        "email address changed; log in with the new one",
    )
    assert client.get("/api/v1/auth/user", headers=account.headers).status_code == 401
    assert login(client, "ada.new@example.com", account.password) == 200
    assert login(client, account.email, account.password) == 401
    deliver()
    moved = [m for m in mailbox.messages if m["To"] == account.email]
    assert "moved to the address ada.new@example.com" in mailbox.text_of(moved[-1])


def test_the_token_works_once_and_only_the_newest(client, create_account, mailbox, deliver):
    account = create_account()
    ask(client, account, "first@example.com")
    first = token_sent_to(mailbox, deliver, "first@example.com")
    ask(client, account, "second@example.com")
    second = token_sent_to(mailbox, deliver, "second@example.com")
    replaced = client.post(CONFIRM, json={"token": first})
    assert (replaced.status_code, replaced.json["errors"]) == (400, INVALID)
    assert client.post(CONFIRM, json={"token": second}).status_code == 200
    again = client.post(CONFIRM, json={"token": second})
    assert (again.status_code, again.json["errors"]) == (400, INVALID)


def test_an_address_with_an_account_is_409_when_asked(client, create_account):
    account, other = create_account(), create_account()
    response = ask(client, account, other.email)
    assert (response.status_code, response.json["message"]) == (
        409,
        f"{other.email} is already registered",
    )


def test_two_users_racing_for_one_address_the_second_gets_409(
    client, create_account, mailbox, deliver
):
    ada, grace = create_account(), create_account()
    ask(client, ada, "shared@example.com")
    ask(client, grace, "shared@example.com")
    deliver()
    tokens = [mailbox.token_in(m) for m in mailbox.messages if m["To"] == "shared@example.com"]
    assert client.post(CONFIRM, json={"token": tokens[0]}).status_code == 200
    late = client.post(CONFIRM, json={"token": tokens[1]})
    assert (late.status_code, late.json["message"]) == (
        409,
        "shared@example.com is already registered",
    )
    assert login(client, grace.email, grace.password) == 200  # grace kept her address


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"new_email": "not-an-address", "password": "correct-horse-9"}, "new_email"),
        ({"new_email": "x@example.com", "password": "wrong-horse-0"}, "password"),
        ({"new_email": "x@example.com"}, "password"),
        ({"new_email": "a" * 10_000 + "@example.com", "password": "correct-horse-9"}, "new_email"),
    ],
)
def test_bad_input_is_a_400_on_its_field(client, create_account, body, field):
    account = create_account()
    response = client.post(EMAIL, json=body, headers=account.headers)
    assert response.status_code == 400 and field in response.json["errors"]


def test_the_current_address_is_no_change(client, create_account):
    account = create_account()
    response = ask(client, account, account.email.upper())
    assert (response.status_code, response.json["errors"]) == (
        400,
        {"new_email": "That is your address already."},
    )


@pytest.mark.parametrize("token", ["nonsense", "x" * 5000, ""])
def test_a_wrong_token_is_a_400(client, token):
    response = client.post(CONFIRM, json={"token": token})
    assert response.status_code == 400 and "token" in response.json["errors"]


@pytest.mark.parametrize(
    ("new_email", "status"), [("ada@elsewhere.io", 400), ("ada2@EXAMPLE.com", 202)]
)
def test_an_account_cannot_move_outside_the_sign_up_domains(make_app, new_email, status):
    """Else an account at a domain nobody may sign up with would be one address change away."""
    app = make_app(REGISTRATION_EMAIL_DOMAINS=["example.com"])
    client, account = app.test_client(), account_in(app, email="ada@example.com")
    response = ask(client, account, new_email)
    assert response.status_code == status
    if status == 400:
        assert response.json["errors"] == {
            "new_email": "Accounts here use addresses at example.com only."
        }

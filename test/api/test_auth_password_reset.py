"""POST /api/v1/auth/password-reset and /confirm, with the token read from a real SMTP server."""

from datetime import timedelta

import pytest
from conftest import account_in

from app import db
from app.models import OutboxMessage
from app.util.datetime_util import utc_now

REQUEST = "/api/v1/auth/password-reset"
CONFIRM = "/api/v1/auth/password-reset/confirm"
NEW = "new-horse-battery-7"
SENT = {
    "status": "success",
    "message": "If that address is registered, we have sent it a reset link.",
}
INVALID_LINK = {"token": "This reset link is invalid or has expired."}


@pytest.fixture
def reset_token(client, mailbox, deliver):
    """Factory: ask for a reset of `account`'s password; returns the token from the email."""

    def request(account) -> str:
        assert client.post(REQUEST, json={"email": account.email}).json == SENT
        deliver()
        return mailbox.token_in(mailbox.messages[-1])

    return request


def confirm(client, token, new_password=NEW):
    return client.post(CONFIRM, json={"token": token, "new_password": new_password})


def login(client, account, password):
    body = {"email": account.email, "password": password}
    return client.post("/api/v1/auth/login", json=body).status_code


def test_the_emailed_token_sets_a_new_password(client, create_account, reset_token, mailbox):
    account = create_account()
    response = confirm(client, reset_token(account))
    assert response.status_code == 200
    assert response.json == {
        "status": "success",
        "message": "password reset; log in with the new password",
    }
    assert mailbox.messages[-1]["Subject"] == "Reset your password"
    assert (login(client, account, account.password), login(client, account, NEW)) == (401, 200)


def test_confirming_refuses_every_token_issued_before(client, create_account, reset_token):
    account = create_account()
    confirm(client, reset_token(account))
    assert client.get("/api/v1/auth/user", headers=account.headers).status_code == 401


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, mailbox, deliver):
    response = client.post(REQUEST, json={"email": "nobody@example.com"})
    assert (response.status_code, response.json) == (202, SENT)
    assert deliver() == (0, 0)


def test_the_address_is_matched_in_any_case(client, create_account, mailbox, deliver):
    account = create_account()
    client.post(REQUEST, json={"email": account.email.upper()})
    deliver()
    assert mailbox.messages[0]["To"] == account.email


def test_known_and_unknown_addresses_cost_the_request_the_same_work(app, client, create_account):
    """Each request queues one job; only the sender, later, looks the address up."""
    for email in (create_account().email, "nobody@example.com"):
        client.post(REQUEST, json={"email": email})
    with app.app_context():
        assert len(db.session.scalars(db.select(OutboxMessage)).all()) == 2


def test_a_reset_email_that_fails_to_send_keeps_its_token(
    client, create_account, mailbox, deliver, time_machine
):
    account = create_account()
    time_machine.move_to(utc_now(), tick=False)
    client.post(REQUEST, json={"email": account.email})
    mailbox.stop()
    assert deliver() == (0, 1)
    mailbox.start()
    time_machine.shift(timedelta(seconds=31))
    assert deliver() == (1, 0)
    assert confirm(client, mailbox.token_in(mailbox.messages[0])).status_code == 200


def test_a_malformed_address_is_400(client):
    response = client.post(REQUEST, json={"email": "not-an-address"})
    assert list(response.json["errors"]) == ["email"]


def test_a_token_works_once(client, create_account, reset_token):
    token = reset_token(create_account())
    confirm(client, token)
    assert confirm(client, token, "another-horse-battery-8").json["errors"] == INVALID_LINK


def test_a_newer_request_kills_the_older_token(client, create_account, reset_token):
    account = create_account()
    older = reset_token(account)
    newer = reset_token(account)
    assert confirm(client, older).status_code == 400
    assert confirm(client, newer).status_code == 200


def test_a_password_change_by_any_route_kills_the_token(client, create_account, reset_token):
    account = create_account()
    token = reset_token(account)
    body = {"current_password": account.password, "new_password": "changed-horse-battery-5"}
    client.post("/api/v1/auth/password", json=body, headers=account.headers)
    assert confirm(client, token).json["errors"] == INVALID_LINK


def test_a_token_expires_after_thirty_minutes(client, create_account, reset_token, time_machine):
    token = reset_token(create_account())
    time_machine.move_to(utc_now() + timedelta(minutes=31))
    assert confirm(client, token).json["errors"] == INVALID_LINK


def test_a_weak_new_password_is_refused_and_the_token_kept(client, create_account, reset_token):
    token = reset_token(create_account())
    assert list(confirm(client, token, "12345678").json["errors"]) == ["new_password"]
    assert confirm(client, token).status_code == 200


def test_a_reset_for_one_user_never_sets_anothers_password(client, create_account, reset_token):
    ada, bob = create_account(), create_account()
    confirm(client, reset_token(ada))
    assert login(client, bob, bob.password) == 200
    assert login(client, bob, NEW) == 401


@pytest.mark.parametrize("kind", ["access_token", "refresh_token"])
def test_an_access_or_refresh_token_is_no_reset_token(client, create_account, kind):
    account = create_account()
    body = {"email": account.email, "password": account.password}
    token = client.post("/api/v1/auth/login", json=body).json[kind]
    assert confirm(client, token).json["errors"] == INVALID_LINK


def test_a_reset_token_is_neither_an_access_nor_a_refresh_token(
    client, create_account, reset_token
):
    token = reset_token(create_account())
    user = client.get("/api/v1/auth/user", headers={"Authorization": f"Bearer {token}"})
    refresh = client.post("/api/v1/auth/refresh", json={"refresh_token": token})
    assert (user.status_code, refresh.status_code) == (401, 401)
    assert user.json["message"] == refresh.json["message"] == "Invalid token. Please log in again."


@pytest.mark.parametrize(
    "token",
    [
        pytest.param("a.b.c", id="garbage"),
        pytest.param(
            "eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo", id="forged"
        ),
        pytest.param("x" * 10_000, id="huge"),
        pytest.param(12345, id="not-text"),
        pytest.param("", id="empty"),
    ],
)
def test_a_bad_token_is_a_clear_400(client, token):
    response = confirm(client, token)
    assert response.status_code == 400
    assert list(response.json["errors"]) == ["token"]


def test_requests_are_limited_per_target_address_from_any_client(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_PASSWORD_RESET_PER_ADDRESS="2 per hour")
    account, client = account_in(app), app.test_client()
    statuses = [
        client.post(
            REQUEST, json={"email": account.email}, environ_base={"REMOTE_ADDR": ip}
        ).status_code
        for ip in ("10.0.0.1", "10.0.0.2", "10.0.0.3")
    ]
    other = client.post(REQUEST, json={"email": "other@example.com"})
    assert statuses == [202, 202, 429]
    assert other.status_code == 202


@pytest.mark.parametrize(
    "spelling",
    [
        pytest.param("Alice@Bücher.Example", id="upper-case"),
        pytest.param("alice@ｂüｃｈｅｒ.example", id="full-width"),
        pytest.param("alice@xn--bcher-kva.example", id="idna"),
        pytest.param("  alice@BÜCHER.example ", id="spaces-and-upper-case-umlaut"),
    ],
)
def test_every_spelling_of_an_address_shares_its_limit(make_app, spelling):
    """Another spelling reaches the same inbox: a bucket of its own would let anyone flood it,
    each mail killing the reset link before it."""
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_PASSWORD_RESET_PER_ADDRESS="1 per hour")
    account_in(app, email="alice@bücher.example")
    client = app.test_client()
    first = client.post(REQUEST, json={"email": "alice@bücher.example"})
    again = client.post(REQUEST, json={"email": spelling}, environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert first.status_code == 202
    assert again.status_code == 429
    assert again.json["message"] == "Too many requests. Please wait and try again."


def test_requests_are_limited_per_client_address(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_PASSWORD_RESET="2 per minute")
    client = app.test_client()
    statuses = [
        client.post(REQUEST, json={"email": f"user{n}@example.com"}).status_code for n in range(3)
    ]
    assert statuses == [202, 202, 429]


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("[" * 100_000 + "]" * 100_000, id="nested-too-deeply"),
        pytest.param("{not json", id="not-json"),
        pytest.param('["ada@example.com"]', id="not-an-object"),
    ],
)
def test_a_bad_body_is_400_with_the_per_address_limit_on(make_app, raw):
    """The per-address limit reads the address before the parser does: bad bodies must pass."""
    app = make_app(RATELIMIT_ENABLED=True)
    response = app.test_client().post(REQUEST, data=raw, content_type="application/json")
    assert response.status_code == 400
    assert response.json["status"] == "fail"

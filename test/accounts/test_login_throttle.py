"""Per-account throttling over HTTP: failed logins for one address from any client make its
logins wait, doubling from 30 s to 15 minutes; never a lock; the same for unknown addresses;
one notice email an episode. The clock is moved, never waited for."""

from datetime import timedelta

import pytest
from prometheus_client import REGISTRY

LOGIN = "/api/v1/auth/login"
WAIT = "Too many failed logins for this account. Please wait and try again."
WRONG = "wrong-horse-0"


@pytest.fixture
def app(make_app):
    return make_app(LOGIN_FAILURES_BEFORE_DELAY=5)


def login(client, email, password, address="203.0.113.1"):
    body = {"email": email, "password": password}
    return client.post(LOGIN, json=body, environ_base={"REMOTE_ADDR": address})


def fail(client, email, times):
    """`times` wrong passwords for `email`, each from an address of its own."""
    statuses = [login(client, email, WRONG, f"198.51.100.{n}").status_code for n in range(times)]
    assert statuses == [401] * times


def waits(response):
    assert (response.status_code, response.json["message"]) == (429, WAIT)
    return int(response.headers["Retry-After"])


def test_five_failures_from_five_addresses_make_the_sixth_wait(client, create_account, clock):
    account = create_account()
    fail(client, account.email, 4)
    fail(client, account.email.upper(), 1)  # the same address, typed in another case
    assert waits(login(client, account.email, account.password, "192.0.2.1")) == 30
    clock.shift(timedelta(seconds=29))
    assert waits(login(client, account.email, account.password, "192.0.2.2")) == 1
    clock.shift(timedelta(seconds=1))
    assert login(client, account.email, account.password).status_code == 200


def test_each_failure_after_a_wait_doubles_it_up_to_fifteen_minutes(client, create_account, clock):
    account = create_account()
    fail(client, account.email, 5)
    seen = []
    for _ in range(7):
        wait = waits(login(client, account.email, WRONG))
        seen.append(wait)
        clock.shift(timedelta(seconds=wait))
        assert login(client, account.email, WRONG).status_code == 401
    assert seen == [30, 60, 120, 240, 480, 900, 900]


def test_the_right_password_ends_the_episode(client, create_account, clock):
    account = create_account()
    fail(client, account.email, 5)
    clock.shift(timedelta(seconds=30))
    assert login(client, account.email, account.password).status_code == 200
    fail(client, account.email, 4)  # counting starts over
    assert login(client, account.email, account.password).status_code == 200


def test_a_quiet_quarter_hour_starts_the_count_over(client, create_account, clock):
    account = create_account()
    fail(client, account.email, 4)
    clock.shift(timedelta(minutes=15, seconds=1))
    fail(client, account.email, 4)
    assert login(client, account.email, account.password).status_code == 200


def test_an_unknown_address_is_slowed_exactly_the_same(client, create_account, clock):
    known = create_account()
    for email in (known.email, "nobody@example.com"):
        fail(client, email, 5)
        response = login(client, email, WRONG)
        assert (waits(response), response.json) == (30, {"status": "fail", "message": WAIT})


def test_the_owner_hears_of_it_once_an_episode(client, create_account, mailbox, deliver, clock):
    account = create_account()
    fail(client, account.email, 5)
    clock.shift(timedelta(seconds=30))
    fail(client, account.email, 1)
    deliver()
    notices = [m for m in mailbox.messages if m["Subject"] == "Failed sign-ins to your account"]
    assert len(notices) == 1 and notices[0]["To"] == account.email
    clock.shift(timedelta(seconds=60))
    assert login(client, account.email, account.password).status_code == 200
    fail(client, account.email, 5)  # a new episode
    deliver()
    assert sum(m["Subject"] == "Failed sign-ins to your account" for m in mailbox.messages) == 2


def test_a_new_password_by_reset_ends_the_wait(client, create_account, mailbox, deliver, clock):
    account = create_account()
    fail(client, account.email, 5)
    client.post("/api/v1/auth/password-reset", json={"email": account.email})
    deliver()
    token = mailbox.token_in(mailbox.messages[-1])
    body = {"token": token, "new_password": "new-horse-battery-7"}
    assert client.post("/api/v1/auth/password-reset/confirm", json=body).status_code == 200
    assert login(client, account.email, "new-horse-battery-7").status_code == 200


def test_the_oauth_password_grant_is_held_back_too(client, create_account, clock):
    account = create_account()
    fail(client, account.email, 5)
    form = {"grant_type": "password", "username": account.email, "password": account.password}
    response = client.post("/api/v1/auth/token", data=form)
    assert waits(response) == 30


def test_each_wait_is_audited_and_each_refusal_counted(client, create_account, clock):
    account, admin = create_account(), create_account(admin=True)
    before = REGISTRY.get_sample_value("logins_throttled_total") or 0
    fail(client, account.email, 5)
    waits(login(client, account.email, account.password))
    assert REGISTRY.get_sample_value("logins_throttled_total") == before + 1
    trail = client.get("/api/v1/audit?event=login_throttled", headers=admin.headers).json
    assert [item["details"] for item in trail["items"]] == [{"email": account.email, "seconds": 30}]

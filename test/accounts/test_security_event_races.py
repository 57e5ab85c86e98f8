"""A request that checked a token or a password just before a security event writes nothing
after it: the event and the request both lock the user's row, so one waits for the other, and
the late request checks again. The test holds the event open until a request is seen waiting
for the row, which PostgreSQL shows (pg_stat_activity), then lets the event commit."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import PASSWORD, require_postgres_url, stepped_up
from sqlalchemy import text
from support.calls import call

from app import db
from app.accounts import security_events
from app.accounts.security_events import SecurityEvent
from app.models import PersonalToken, User

REVOKED = "Token blacklisted. Please log in again."


@pytest.fixture
def database_url() -> str:
    """Where another connection can be seen waiting for a row lock."""
    return require_postgres_url()


def wait_until_it_waits_for_a_lock(answer) -> None:
    """Poll the server's view of its connections until one waits for a lock (10 s at most),
    while the request is under way. Each look is a transaction of its own: within one,
    PostgreSQL shows the same snapshot of pg_stat_activity."""
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    deadline = time.monotonic() + 10
    while True:
        with db.engine.connect() as watcher:
            if watcher.execute(waiting).scalar():
                return
        assert not answer.done(), f"answered without waiting: {answer.result()}"
        assert time.monotonic() < deadline, "no request ever waited for the user's row"
        time.sleep(0.01)


def during_logout_all(app, account, request):
    """Run `request` on another thread while a logout-all of `account` is under way; the
    logout-all commits once the request waits for the user's row. Returns its answer."""
    with app.app_context(), ThreadPoolExecutor(1) as pool:
        user = db.session.scalar(db.select(User).filter_by(public_id=account.public_id))
        security_events.happened(user, SecurityEvent.LOGOUT_ALL)  # locks the row first
        answer = pool.submit(request)
        wait_until_it_waits_for_a_lock(answer)
        db.session.commit()
        return answer.result()


def test_a_personal_token_asked_for_during_logout_all_is_refused(app, live_url, create_account):
    account = create_account()
    token = stepped_up(app, account)["Authorization"].removeprefix("Bearer ")
    body = {"name": "late", "scopes": "widgets:read"}
    status, answer = during_logout_all(
        app, account, lambda: call("POST", f"{live_url}/api/v1/auth/tokens", body, token)
    )
    assert (status, answer["message"]) == (401, REVOKED)
    with app.app_context():
        assert db.session.scalars(db.select(PersonalToken)).all() == []


def test_a_password_checked_before_logout_all_starts_no_session(app, live_url, create_account):
    account = create_account()
    body = {"email": account.email, "password": PASSWORD}
    status, answer = during_logout_all(
        app, account, lambda: call("POST", f"{live_url}/api/v1/auth/login", body)
    )
    assert (status, answer["message"]) == (401, "This sign-in has expired. Please log in again.")
    again = call("POST", f"{live_url}/api/v1/auth/login", body)
    assert again[0] == 200  # the password itself still works: only the late answer is refused

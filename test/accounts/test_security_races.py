"""Counts that hold under concurrency, on real threads against a real server, on PostgreSQL and
on a SQLite file: the last way in is never deleted twice over, an mfa_token never gets more
than five wrong codes checked, however many arrive at once, and an invitation makes one
account."""

from collections import Counter
from datetime import timedelta
from uuid import uuid4

import pytest
from conftest import enable_totp
from support.calls import call, race

from app import db
from app.accounts.two_factor import MAX_FAILURES
from app.models import AuditEvent, Identity, Invitation, MfaChallenge, User
from app.util.datetime_util import utc_now

WRONG = "That code is not valid."


@pytest.fixture
def database_url(shared_database_url):
    """Races need real concurrent connections."""
    return shared_database_url


def test_deleting_the_last_two_ways_in_at_once_leaves_one(app, live_url, create_account):
    account = create_account()
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(public_id=account.public_id))
        user.password_hash = None  # signs in through two providers only
        ids = [str(uuid4()), str(uuid4())]
        for number, identity_id in enumerate(ids):
            db.session.add(
                Identity(
                    id=identity_id,
                    user_id=user.id,
                    provider=f"provider-{number}",
                    subject=f"subject-{number}",
                    linked_at=utc_now(),
                )
            )
        db.session.commit()
    token = account.token
    urls = iter(f"{live_url}/api/v1/auth/identities/{identity_id}" for identity_id in ids)
    results = race(2, lambda: call("DELETE", next(urls), token=token))
    assert Counter(status for status, _ in results) == {204: 1, 409: 1}
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Identity)) == 1


def test_racing_wrong_codes_get_at_most_five_checked(app, client, live_url, create_account):
    account = create_account()
    authenticator = enable_totp(client, account)
    body = {"email": account.email, "password": account.password}
    mfa_token = client.post("/api/v1/auth/login", json=body).json["mfa_token"]
    wrong = f"{(int(authenticator.now()) + 1) % 1_000_000:06d}"
    attempt = {"mfa_token": mfa_token, "code": wrong}
    results = race(9, lambda: call("POST", f"{live_url}/api/v1/auth/login/mfa", attempt))
    checked = [body for status, body in results if status == 401 and body["message"] == WRONG]
    assert len(checked) == MAX_FAILURES  # one after another, each taking one attempt
    assert all(status == 401 for status, _ in results)
    with app.app_context():
        challenge = db.session.scalar(db.select(MfaChallenge))
        events = db.session.scalars(db.select(AuditEvent.event)).all()
    assert (challenge.failures, events.count("mfa_failed")) == (MAX_FAILURES, MAX_FAILURES)
    right = {"mfa_token": mfa_token, "code": authenticator.at(utc_now() + timedelta(seconds=30))}
    assert client.post("/api/v1/auth/login/mfa", json=right).status_code == 401  # dead now


def test_registrations_racing_with_one_invitation_make_one_account(app, live_url, runner):
    printed = runner.invoke(args=["invite", "ada@example.com", "--role", "editor"]).output
    token = printed.rsplit(": ", 1)[1].strip()
    body = {"email": "ada@example.com", "password": "correct-horse-9", "invitation": token}
    results = race(3, lambda: call("POST", f"{live_url}/api/v1/auth/register", body))
    statuses = sorted(status for status, _ in results)
    assert statuses[0] == 201 and set(statuses[1:]) <= {400, 409}  # used, or taken by the winner
    with app.app_context():
        (user,) = db.session.scalars(db.select(User)).all()
        (invitation,) = db.session.scalars(db.select(Invitation)).all()
    assert (user.role_names, invitation.used_at is not None) == (["editor"], True)

"""Racing requests, on real threads against a real server: the database's constraints decide."""

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import jwt
import pytest
from support.calls import at_once, call, race

from app import db
from app.models import AuditEvent

WIDGET = {"name": "solar-panel", "info_url": "https://x.io", "deadline": "2099-01-01"}


@pytest.fixture
def database_url(shared_database_url):
    """Concurrency needs real concurrent connections."""
    return shared_database_url


def test_racing_registrations_of_one_address_give_one_201(live_url):
    body = {"email": "ada@example.com", "password": "correct-horse-9"}
    results = race(4, lambda: call("POST", f"{live_url}/api/v1/auth/register", body))
    assert Counter(status for status, _ in results) == {201: 1, 409: 3}


def test_racing_logouts_of_one_token_never_fail(live_url, create_account):
    token = create_account().token
    results = race(4, lambda: call("POST", f"{live_url}/api/v1/auth/logout", token=token))
    assert {status for status, _ in results} <= {200, 401}
    assert call("GET", f"{live_url}/api/v1/auth/user", token=token)[0] == 401


def test_racing_creations_of_one_widget_give_one_201(live_url, create_account):
    token = create_account(admin=True).token
    results = race(4, lambda: call("POST", f"{live_url}/api/v1/widgets", WIDGET, token))
    assert Counter(status for status, _ in results) == {201: 1, 409: 3}
    assert call("GET", f"{live_url}/api/v1/widgets", token=token)[1]["total_items"] == 1


def test_racing_refreshes_of_one_token_converge_on_one_successor(live_url, create_account):
    account = create_account()
    login = {"email": account.email, "password": account.password}
    refresh_token = call("POST", f"{live_url}/api/v1/auth/login", login)[1]["refresh_token"]
    body = {"refresh_token": refresh_token}
    results = race(4, lambda: call("POST", f"{live_url}/api/v1/auth/refresh", body))
    assert [status for status, _ in results] == [200] * 4
    successors = {
        jwt.decode(answer["refresh_token"], options={"verify_signature": False})["jti"]
        for _, answer in results
    }
    assert len(successors) == 1
    newest = {"refresh_token": results[0][1]["refresh_token"]}
    assert call("POST", f"{live_url}/api/v1/auth/refresh", newest)[0] == 200


def test_concurrent_users_each_see_only_themselves(live_url, create_account):
    accounts = [create_account(), create_account()]

    def who_am_i(account):
        token = account.token
        return {
            call("GET", f"{live_url}/api/v1/auth/user", token=token)[1]["email"] for _ in range(40)
        }

    with ThreadPoolExecutor(len(accounts)) as pool:
        seen = list(pool.map(who_am_i, accounts))
    assert seen == [{account.email} for account in accounts]


def test_two_admins_demoting_each_other_at_once_leave_an_admin(live_url, create_account):
    ada, bob = create_account(admin=True), create_account(admin=True)

    def demote(actor, target):
        url = f"{live_url}/api/v1/users/{target.public_id}"
        return call("PATCH", url, {"admin": False}, actor.token)

    for _ in range(5):  # several rounds: each is one chance for the two checks to interleave
        results = at_once(lambda: demote(ada, bob), lambda: demote(bob, ada))
        # One wins; the other is refused as the last admin (409), or, if it came in after the
        # winner's commit, as no admin any more (403).
        assert sorted(status for status, _ in results) in ([200, 403], [200, 409]), results
        admins = [
            account
            for account in (ada, bob)
            if call("GET", f"{live_url}/api/v1/auth/user", token=account.token)[1]["admin"]
        ]
        assert len(admins) == 1
        survivor = admins[0]
        promote = f"{live_url}/api/v1/users/{(bob if survivor is ada else ada).public_id}"
        assert call("PATCH", promote, {"admin": True}, survivor.token)[0] == 200


def test_racing_deletes_of_one_widget_give_one_204(live_url, create_account):
    token = create_account(admin=True).token
    url = f"{live_url}/api/v1/widgets"
    for _ in range(5):  # several rounds: each is one chance for the deletes to interleave
        assert call("POST", url, WIDGET, token)[0] == 201
        results = race(4, lambda: call("DELETE", f"{url}/solar-panel", token=token))
        assert Counter(status for status, _ in results) == {204: 1, 404: 3}
    assert call("GET", url, token=token)[1]["total_items"] == 0


def test_put_racing_delete_of_one_widget_answers_404_or_201_never_500(live_url, create_account):
    token = create_account(admin=True).token
    url = f"{live_url}/api/v1/widgets"
    item = f"{url}/solar-panel"
    replacement = {"info_url": "https://y.io", "deadline": "2099-02-02"}
    for _ in range(10):
        call("POST", url, WIDGET, token)
        (put, _), (deleted, _) = at_once(
            lambda: call("PUT", item, replacement, token),
            lambda: call("DELETE", item, token=token),
        )
        assert put in (200, 201, 404) and deleted in (204, 404)
        listing = call("GET", url, token=token)[1]
        assert listing["total_items"] == len(listing["items"])  # the counter matches the rows
        stored = call("GET", item, token=token)
        assert stored[0] == (200 if put == 201 or deleted == 404 else 404)
        if stored[0] == 200:
            assert stored[1]["info_url"] == "https://y.io"
            call("DELETE", item, token=token)


def test_refusals_racing_in_one_minute_are_counted_in_one_row(live_url, create_account, app):
    """Each finds no row, both insert: the loser counts in the winner's row, none is lost."""
    account = create_account()
    url = f"{live_url}/api/v1/users/{account.public_id}"
    results = race(8, lambda: call("DELETE", url, token=account.token))
    assert [status for status, _ in results] == [403] * 8
    with app.app_context():
        rows = db.session.scalars(db.select(AuditEvent).filter_by(event="requests_refused")).all()
    assert [row.times for row in rows] == [8]

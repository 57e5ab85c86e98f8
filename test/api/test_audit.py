"""The audit trail: events written with their change, refusals on their own, read by admins."""

import io
import json
import logging
from datetime import timedelta

import pytest
import structlog
from conftest import account_in

from app import db
from app.accounts.sensitive import SENSITIVE_OPERATIONS
from app.api.audit.dto import EVENTS
from app.models import AuditEvent, User
from app.ops import audit
from app.ops.origin import COMMAND_LINE
from app.util.datetime_util import utc_now

URL = "/api/v1/audit"


def events(app, **filters) -> list[AuditEvent]:
    with app.app_context():
        return db.session.scalars(
            db.select(AuditEvent).filter_by(**filters).order_by(AuditEvent.id)
        ).all()


def log_in(client, account, password=None, **options):
    body = {"email": account.email, "password": password or account.password}
    return client.post("/api/v1/auth/login", json=body, **options)


def test_a_login_is_recorded_with_who_where_and_which_request(app, client, create_account):
    account = create_account()
    headers = {"User-Agent": "Firefox/130", "X-Request-ID": "req-42"}
    log_in(client, account, headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.7"})
    (event,) = events(app, event="login_succeeded")
    assert (event.actor, event.subject) == (account.public_id, account.public_id)
    assert (event.ip, event.client, event.request_id) == ("10.0.0.7", "Firefox/130", "req-42")


def test_a_failed_login_is_recorded_on_its_own(app, client, create_account):
    account = create_account()
    assert log_in(client, account, password="wrong-pass-1").status_code == 401
    client.post("/api/v1/auth/login", json={"email": "nobody@example.com", "password": "x"})
    failed = events(app, event="login_failed")
    assert [json.loads(e.details) for e in failed] == [
        {"email": account.email, "reason": "wrong password"},
        {"email": "nobody@example.com", "reason": "unknown email"},
    ]


def test_a_change_that_fails_half_way_leaves_no_event(app, client, create_account, monkeypatch):
    account = create_account()
    monkeypatch.setattr("app.api.account.business.start_session", lambda *a: 1 / 0)
    body = {"current_password": account.password, "new_password": "new-horse-battery-7"}
    assert (
        client.post("/api/v1/auth/password", json=body, headers=account.headers).status_code == 500
    )
    assert events(app, event="password_changed") == []


def test_each_change_commits_its_event(app, client, create_account):
    account = create_account()
    body = {"current_password": account.password, "new_password": "new-horse-battery-7"}
    fresh = client.post("/api/v1/auth/password", json=body, headers=account.headers).json
    client.post(
        "/api/v1/auth/logout-all", headers={"Authorization": f"Bearer {fresh['access_token']}"}
    )
    assert [e.event for e in events(app)] == ["password_changed", "logout_all"]


def test_admin_changes_name_the_admin_and_the_fields(app, client, create_account):
    admin, account = create_account(admin=True), create_account()
    client.patch(
        f"/api/v1/users/{account.public_id}", json={"disabled": True}, headers=admin.headers
    )
    (event,) = events(app, event="user_updated")
    assert (event.actor, event.subject) == (admin.public_id, account.public_id)
    assert json.loads(event.details) == {"changed": {"disabled": True}}


def test_a_role_change_records_the_roles_as_stored_not_as_asked(app, client, create_account):
    admin, account = create_account(admin=True), create_account()
    asked = {"roles": ["auditor", "user", "auditor"]}
    response = client.patch(f"/api/v1/users/{account.public_id}", json=asked, headers=admin.headers)
    assert response.status_code == 200, response.json
    (event,) = events(app, event="user_updated")
    assert json.loads(event.details) == {"changed": {"roles": response.json["roles"]}}
    assert sorted(response.json["roles"]) == ["auditor", "user"]


def refused_rows(client, admin, refused: str) -> list[dict]:
    """The requests_refused rows of one kind, as an admin reads them."""
    query = {"event": "requests_refused", "per_page": 100}
    page = client.get(URL, query_string=query, headers=admin.headers).json
    return [row for row in page["items"] if row["details"]["refused"] == refused]


def test_a_403_is_counted_as_a_refused_request(client, create_account, clock):
    admin, account = create_account(admin=True), create_account()
    for _ in range(3):
        response = client.delete(f"/api/v1/users/{account.public_id}", headers=account.headers)
        assert response.status_code == 403
    (row,) = refused_rows(client, admin, "access_denied")
    assert row["actor"] == account.public_id
    assert row["details"] == {
        "refused": "access_denied",
        "reason": "You are not an administrator",
        "path": f"/api/v1/users/{account.public_id}",
        "count": 3,
    }


def test_a_429_is_counted_as_a_refused_request(make_app, clock):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="1 per minute")
    client, account, admin = app.test_client(), account_in(app), account_in(app, admin=True)
    statuses = [log_in(client, account).status_code for _ in range(3)]
    assert statuses == [200, 429, 429]
    (row,) = refused_rows(client, admin, "rate_limited")
    assert (row["details"]["path"], row["details"]["count"]) == ("/api/v1/auth/login", 2)


def test_refusals_count_apart_per_client_address_and_minute(client, create_account, clock):
    url = "/api/v1/users"
    for ip in ("10.0.0.1", "10.0.0.2", "10.0.0.1"):
        client.get(url, headers=create_account().headers, environ_base={"REMOTE_ADDR": ip})
    clock.shift(timedelta(minutes=1))  # and fresh tokens: the testing ones live 5 seconds
    client.get(url, headers=create_account().headers, environ_base={"REMOTE_ADDR": "10.0.0.1"})
    admin = create_account(admin=True)
    rows = refused_rows(client, admin, "access_denied")
    assert [(row["ip"], row["details"]["count"]) for row in rows] == [
        ("10.0.0.1", 1),  # newest first
        ("10.0.0.2", 1),
        ("10.0.0.1", 2),
    ]


def test_a_flood_of_refusals_grows_the_trail_by_rows_per_minute(make_app, clock):
    """10,000 refused requests (429 and 403) from 20 addresses: one row for each address and
    kind this minute, and every request counted."""
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="1 per minute")
    client, account, admin = app.test_client(), account_in(app), account_in(app, admin=True)
    addresses = [f"10.1.0.{n}" for n in range(20)]
    for n in range(5000):
        options = {"environ_base": {"REMOTE_ADDR": addresses[n % 20]}}
        log_in(client, account, **options)
        client.delete(f"/api/v1/users/{admin.public_id}", headers=account.headers, **options)
    for refused, requests in (("rate_limited", 5000 - 20), ("access_denied", 5000)):
        rows = refused_rows(client, admin, refused)
        assert sorted(row["ip"] for row in rows) == sorted(addresses)
        assert sum(row["details"]["count"] for row in rows) == requests
    assert len(events(app)) <= 2 * len(addresses) + 20 + 2  # the 20 logins that got in, 2 sessions


def our_log_lines(app) -> io.StringIO:
    """Everything the app logs from now on, as its handler writes it."""
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "is_ours", False))
    lines = io.StringIO()
    handler.setStream(lines)
    return lines


def test_client_text_is_stored_as_data_and_cannot_forge_a_log_line(make_app):
    app = make_app(LOG_FORMAT="json")
    lines = our_log_lines(app)
    hostile = '{"event": "login_succeeded", "actor": "admin"}\x1b[31m\x7f'
    body = {"email": "a@b.io", "password": "pw"}
    app.test_client().post("/api/v1/auth/login", json=body, headers={"User-Agent": hostile})
    (event,) = events(app, event="login_failed")
    assert event.client == hostile  # kept exactly, as data
    (line,) = [line for line in lines.getvalue().splitlines() if '"logger": "audit"' in line]
    assert json.loads(line)["client"] == hostile.replace("\x1b", "\\x1b").replace("\x7f", "\\x7f")


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_a_newline_in_a_logged_value_stays_on_its_line(make_app, log_format):
    app = make_app(LOG_FORMAT=log_format)
    lines = our_log_lines(app)
    structlog.get_logger("audit").info("login_failed", email="a@b.io\n2030-01-01 forged line")
    assert len(lines.getvalue().splitlines()) == 1
    assert "\\n2030-01-01 forged line" in lines.getvalue()


def test_admins_page_through_events_newest_first(app, client, create_account):
    admin, account = create_account(admin=True), create_account()
    for _ in range(3):
        log_in(client, account)
    response = client.get(
        URL, query_string={"per_page": 5, "event": "login_succeeded"}, headers=admin.headers
    )
    assert response.status_code == 200
    page = response.json
    assert page["total_items"] == 3
    assert [item["at"] for item in page["items"]] == sorted(
        (item["at"] for item in page["items"]), reverse=True
    )
    assert '?event=login_succeeded&page=1&per_page=5>; rel="self"' in response.headers["Link"]
    assert response.headers["Cache-Control"] == "no-store"


def test_the_user_filter_finds_them_as_actor_or_subject(app, client, create_account):
    admin, account = create_account(admin=True), create_account()
    log_in(client, account)
    client.post(f"/api/v1/users/{account.public_id}/logout-all", headers=admin.headers)
    page = client.get(URL, query_string={"user": account.public_id}, headers=admin.headers).json
    assert [item["event"] for item in page["items"]] == ["logout_all", "login_succeeded"]


@pytest.mark.parametrize("query", [{"event": "nope"}, {"user": "x" * 37}, {"page": 0}])
def test_bad_filters_are_400(client, create_account, query):
    assert (
        client.get(URL, query_string=query, headers=create_account(admin=True).headers).status_code
        == 400
    )


def test_only_admins_read_the_trail(client, create_account):
    assert client.get(URL, headers=create_account().headers).status_code == 403


def test_prune_audit_removes_old_events_only(app, client, runner, create_account, time_machine):
    account = create_account()
    time_machine.move_to(utc_now() - timedelta(days=40))
    log_in(client, account)
    time_machine.move_to(utc_now() + timedelta(days=40))
    log_in(client, account)
    result = runner.invoke(args=["prune-audit", "--older-than", "30"])
    assert "Removed 1 audit events older than 30 days." in result.output
    assert len(events(app)) == 1
    admin = create_account(admin=True)
    assert client.get(URL, headers=admin.headers).json["total_items"] == 1


@pytest.mark.parametrize("days", ["0", "-5", "ninety"])
def test_prune_audit_refuses_a_nonsense_age(runner, days):
    result = runner.invoke(args=["prune-audit", "--older-than", days])
    assert result.exit_code == 2
    assert "--older-than" in result.output


def test_a_refusal_is_recorded_without_touching_the_callers_transaction(app):
    """record_alone commits its event on its own, and leaves what the caller holds alone."""
    with app.app_context():
        pending = User(email="kept@example.com", password="correct-horse-9")
        db.session.add(pending)
        audit.record_alone(audit.AuditEvent.ACCESS_DENIED, COMMAND_LINE, reason="test")
        assert pending in db.session.new  # not rolled back, not committed either
        db.session.commit()
    assert [user.email for user in users(app)] == ["kept@example.com"]
    assert len(events(app, event="access_denied")) == 1


def users(app) -> list[User]:
    with app.app_context():
        return db.session.scalars(db.select(User)).all()


def test_every_event_can_be_asked_for(client):
    """`event=` accepts, and the document lists, each AuditEvent by its stored name."""
    operation = client.get("/api/v1/swagger.json").json["paths"]["/audit"]["get"]
    (parameter,) = [p for p in operation["parameters"] if p["name"] == "event"]
    assert parameter["enum"] == [event.value for event in audit.AuditEvent] == list(EVENTS)


def test_only_an_audit_event_is_recorded(app):
    """mypy holds the callers to AuditEvent; a stray name from untyped code fails at once,
    rather than as a row that no `event=` can ask for."""
    with app.app_context(), pytest.raises(ValueError, match="not_an_event"):
        audit.record("not_an_event", COMMAND_LINE)  # type: ignore[arg-type]


def test_every_sensitive_operation_records_an_audit_event():
    assert all(isinstance(p.event, audit.AuditEvent) for p in SENSITIVE_OPERATIONS.values())

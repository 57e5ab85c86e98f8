"""A full run leaves no password, hash, token or Authorization header in the audit trail or logs."""

import io
import logging

import pytest
from sqlalchemy import text

from app import db
from app.ops.logs import formatter

PASSWORD, NEW_PASSWORD, RESET_PASSWORD = (
    "correct-horse-9",
    "new-horse-battery-7",
    "reset-horse-battery-3",
)


@pytest.fixture
def logged(app):
    """Every line the app logs during the test, in production's JSON form."""
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "is_ours", False))
    handler.setFormatter(formatter("json"))
    lines = io.StringIO()
    handler.setStream(lines)
    logging.getLogger().setLevel(logging.DEBUG)
    return lines


def test_a_full_run_stores_and_logs_no_secret(app, client, mailbox, deliver, logged, monkeypatch):
    secrets = {PASSWORD, NEW_PASSWORD, RESET_PASSWORD, "Authorization", "Bearer "}
    credentials = {"email": "ada@example.com", "password": PASSWORD}
    first = client.post("/api/v1/auth/register", json=credentials).json
    deliver()
    verify_token = mailbox.token_in(mailbox.messages[-1])
    client.post("/api/v1/auth/verify-email", json={"token": verify_token})
    login = client.post("/api/v1/auth/login", json=credentials).json
    refreshed = client.post(
        "/api/v1/auth/refresh", json={"refresh_token": login["refresh_token"]}
    ).json
    auth = {"Authorization": f"Bearer {refreshed['access_token']}"}
    changed = client.post(
        "/api/v1/auth/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=auth,
    ).json
    client.post("/api/v1/auth/refresh", json={"refresh_token": login["refresh_token"]})  # reuse
    client.post("/api/v1/auth/password-reset", json={"email": "ada@example.com"})
    deliver()
    reset_token = mailbox.token_in(mailbox.messages[-1])
    client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": reset_token, "new_password": RESET_PASSWORD},
    )
    client.post("/api/v1/auth/login", json={"email": "ada@example.com", "password": "wrong-pass-1"})
    monkeypatch.setattr("app.accounts.sign_in.start_session", lambda *a: 1 / 0)
    assert (
        client.post(
            "/api/v1/auth/login", json={"email": "ada@example.com", "password": RESET_PASSWORD}
        ).status_code
        == 500
    )
    for tokens in (first, login, refreshed, changed):
        secrets |= {tokens["access_token"], tokens["refresh_token"]}
    secrets |= {verify_token, reset_token}
    with app.app_context():
        secrets |= set(db.session.scalars(text("SELECT password_hash FROM site_user")))
        stored = [
            " ".join(map(str, row)) for row in db.session.execute(text("SELECT * FROM audit_event"))
        ]
    assert len(stored) >= 6 and logged.getvalue().count("\n") >= 6  # the scan has material
    for secret in secrets:
        for place in (*stored, logged.getvalue()):
            assert secret not in place

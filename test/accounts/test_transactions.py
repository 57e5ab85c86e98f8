"""Each operation commits once: a failure half-way through leaves nothing half-written."""

import pytest
from sqlalchemy import event

from app import db
from app.models import RefreshToken

CREDENTIALS = {"email": "ada@example.com", "password": "correct-horse-9"}


def explode(*_args, **_kwargs):
    raise RuntimeError("boom")


@pytest.fixture
def commits(app):
    """The number of transactions the app commits, counted by the engine."""
    counted: list[None] = []
    with app.app_context():
        engine = db.engine
    listener = lambda _connection: counted.append(None)  # noqa: E731
    event.listen(engine, "commit", listener)
    yield counted
    event.remove(engine, "commit", listener)


@pytest.fixture
def session(client):
    """A registered user's token response."""
    return client.post("/api/v1/auth/register", json=CREDENTIALS).json


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize(
    ("path", "body"),
    [("/api/v1/auth/login", CREDENTIALS), ("/api/v1/auth/logout-all", None)],
)
def test_one_commit_per_operation(client, session, commits, path, body):
    response = client.post(path, json=body, headers=bearer(session["access_token"]))
    assert response.status_code == 200
    assert len(commits) == 1


def test_refresh_and_logout_commit_once_each(client, session, commits):
    pair = client.post("/api/v1/auth/refresh", json={"refresh_token": session["refresh_token"]})
    body = {"refresh_token": pair.json["refresh_token"]}
    logout = client.post(
        "/api/v1/auth/logout", json=body, headers=bearer(pair.json["access_token"])
    )
    assert (pair.status_code, logout.status_code, len(commits)) == (200, 200, 2)


def test_register_that_fails_after_storing_the_user_stores_nothing(client, monkeypatch):
    monkeypatch.setattr("app.security.tokens.issue", explode)
    assert client.post("/api/v1/auth/register", json=CREDENTIALS).status_code == 500
    monkeypatch.undo()
    assert client.post("/api/v1/auth/register", json=CREDENTIALS).status_code == 201


def test_refresh_that_fails_after_spending_leaves_the_token_unspent(client, session, monkeypatch):
    body = {"refresh_token": session["refresh_token"]}
    monkeypatch.setattr("app.security.tokens.issue", explode)
    assert client.post("/api/v1/auth/refresh", json=body).status_code == 500
    monkeypatch.undo()
    assert client.post("/api/v1/auth/refresh", json=body).status_code == 200


def test_logout_that_fails_half_way_revokes_nothing(client, session, monkeypatch):
    headers = bearer(session["access_token"])
    monkeypatch.setattr(RefreshToken, "revoke_family", explode)
    body = {"refresh_token": session["refresh_token"]}
    assert client.post("/api/v1/auth/logout", json=body, headers=headers).status_code == 500
    assert client.get("/api/v1/auth/user", headers=headers).status_code == 200

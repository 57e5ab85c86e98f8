"""POST /api/v1/auth/password: change the password, refuse every older token, get a new pair."""

import pytest
from conftest import account_in

URL = "/api/v1/auth/password"
NEW = "new-horse-battery-7"
BLACKLISTED = "Token blacklisted. Please log in again."


def login(client, email, password):
    return client.post("/api/v1/auth/login", json={"email": email, "password": password})


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def session(client, create_account):
    """An account and the token response of one login."""
    account = create_account()
    return account, login(client, account.email, account.password).json


def change(client, session, current=None, new=NEW):
    account, tokens = session
    body = {"current_password": current or account.password, "new_password": new}
    return client.post(URL, json=body, headers=bearer(tokens["access_token"]))


def test_change_answers_with_a_fresh_working_pair(client, session):
    response = change(client, session)
    assert response.status_code == 200
    assert response.json["message"] == "password changed"
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get("/api/v1/auth/user", headers=bearer(response.json["access_token"])).json
    refreshed = client.post(
        "/api/v1/auth/refresh", json={"refresh_token": response.json["refresh_token"]}
    )
    assert refreshed.status_code == 200


def test_only_the_new_password_logs_in(client, session):
    change(client, session)
    account = session[0]
    assert login(client, account.email, account.password).status_code == 401
    assert login(client, account.email, NEW).status_code == 200


def test_every_older_token_of_every_device_is_refused(client, session):
    account, tokens = session
    other_device = login(client, account.email, account.password).json
    change(client, session)
    for access in (tokens["access_token"], other_device["access_token"]):
        response = client.get("/api/v1/auth/user", headers=bearer(access))
        assert (response.status_code, response.json["message"]) == (401, BLACKLISTED)
    for refresh in (tokens["refresh_token"], other_device["refresh_token"]):
        assert (
            client.post("/api/v1/auth/refresh", json={"refresh_token": refresh}).status_code == 401
        )


def test_wrong_current_password_is_400_naming_it(client, session):
    response = change(client, session, current="not-my-password-9")
    assert response.status_code == 400
    assert response.json["errors"] == {"current_password": "Does not match your current password."}


def test_new_password_equal_to_the_current_is_400(client, session):
    response = change(client, session, new=session[0].password)
    assert response.json["errors"] == {"new_password": "Must differ from your current password."}


@pytest.mark.parametrize("weak", ["password", "12345678", "qwertyuiop"])
def test_a_common_new_password_is_400_with_advice(client, session, weak):
    response = change(client, session, new=weak)
    assert response.status_code == 400
    assert response.json["errors"]["new_password"].startswith("Password is too easy to guess.")


def test_missing_fields_are_named_at_once(client, session):
    response = client.post(URL, json={}, headers=bearer(session[1]["access_token"]))
    assert set(response.json["errors"]) == {"current_password", "new_password"}


def test_without_a_token_it_is_401(client):
    response = client.post(URL, json={"current_password": "a", "new_password": NEW})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="registered_users@mydomain.com"'


def test_it_is_rate_limited_like_login(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_PASSWORD_CHANGE="2 per minute")
    headers = account_in(app).headers
    body = {"current_password": "wrong-horse-9", "new_password": NEW}
    client = app.test_client()
    statuses = [client.post(URL, json=body, headers=headers).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]

"""A disabled account: its tokens refused on the next request, its logins refused."""

import pytest

DISABLED = "Account disabled."


@pytest.fixture
def disabled(client, create_account):
    """A user with a live login, then disabled by an admin; returns (account, token response)."""
    admin, account = create_account(admin=True), create_account()
    body = {"email": account.email, "password": account.password}
    tokens = client.post("/api/v1/auth/login", json=body).json
    url = f"/api/v1/users/{account.public_id}"
    assert client.patch(url, json={"disabled": True}, headers=admin.headers).status_code == 200
    return account, tokens, admin


def test_the_token_is_refused_at_the_next_request(client, disabled):
    account, _, _ = disabled
    response = client.get("/api/v1/auth/user", headers=account.headers)
    assert response.status_code == 401
    assert response.json == {"status": "fail", "message": DISABLED}
    assert (
        f'error="invalid_token", error_description="{DISABLED}"'
        in (response.headers["WWW-Authenticate"])
    )


def test_login_with_the_right_password_is_403(client, disabled):
    account, _, _ = disabled
    body = {"email": account.email, "password": account.password}
    response = client.post("/api/v1/auth/login", json=body)
    assert response.status_code == 403
    assert response.json == {"status": "fail", "message": "This account is disabled."}


def test_login_with_a_wrong_password_is_the_usual_401(client, disabled):
    body = {"email": disabled[0].email, "password": "wrong-pass-1"}
    response = client.post("/api/v1/auth/login", json=body)
    assert (response.status_code, response.json["message"]) == (
        401,
        "email or password does not match",
    )


def test_a_refresh_is_refused(client, disabled):
    _, tokens, _ = disabled
    response = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert (response.status_code, response.json["message"]) == (401, DISABLED)


def test_enabling_again_lets_the_user_log_in_but_revives_no_old_token(client, disabled):
    account, tokens, admin = disabled
    url = f"/api/v1/users/{account.public_id}"
    client.patch(url, json={"disabled": False}, headers=admin.headers)
    body = {"email": account.email, "password": account.password}
    assert client.post("/api/v1/auth/login", json=body).status_code == 200
    old = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert client.get("/api/v1/auth/user", headers=old).status_code == 401


def test_each_login_is_recorded(client, create_account, clock):
    admin, account = create_account(admin=True), create_account()
    client.post("/api/v1/auth/login", json={"email": account.email, "password": account.password})
    user = client.get(f"/api/v1/users/{account.public_id}", headers=admin.headers).json
    assert user["last_login_at"] == "2030-05-13T12:00:00+00:00"

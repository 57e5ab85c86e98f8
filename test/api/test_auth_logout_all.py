"""POST /api/v1/auth/logout-all"""

URL = "/api/v1/auth/logout-all"
BLACKLISTED = "Token blacklisted. Please log in again."


def log_in(client, account):
    body = {"email": account.email, "password": account.password}
    return client.post("/api/v1/auth/login", json=body).json


def test_logout_all_revokes_every_access_token(client, create_account):
    account = create_account()
    other_session = {"Authorization": f"Bearer {log_in(client, account)['access_token']}"}
    response = client.post(URL, headers=account.headers)
    assert response.status_code == 200
    assert response.json == {"status": "success", "message": "successfully logged out everywhere"}
    for headers in (account.headers, other_session):
        again = client.get("/api/v1/auth/user", headers=headers)
        assert again.status_code == 401
        assert again.json["message"] == BLACKLISTED


def test_logout_all_revokes_refresh_tokens(client, create_account):
    account = create_account()
    refresh_token = log_in(client, account)["refresh_token"]
    client.post(URL, headers=account.headers)
    response = client.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token})
    assert response.status_code == 401
    assert response.json["message"] == BLACKLISTED


def test_logging_in_after_logout_all_works(client, create_account):
    account = create_account()
    client.post(URL, headers=account.headers)
    fresh = {"Authorization": f"Bearer {log_in(client, account)['access_token']}"}
    assert client.get("/api/v1/auth/user", headers=fresh).status_code == 200


def test_logout_all_leaves_other_users_alone(client, create_account):
    account, other = create_account(), create_account()
    client.post(URL, headers=account.headers)
    assert client.get("/api/v1/auth/user", headers=other.headers).status_code == 200


def test_logout_all_without_token_is_401(client):
    assert client.post(URL).status_code == 401

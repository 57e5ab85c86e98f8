"""POST /api/v1/auth/logout"""

URL = "/api/v1/auth/logout"
BLACKLISTED = "Token blacklisted. Please log in again."


def test_logout_is_200_and_revokes_the_token(client, create_account):
    account = create_account()
    response = client.post(URL, headers=account.headers)
    assert response.status_code == 200
    assert response.json == {"status": "success", "message": "successfully logged out"}
    again = client.get("/api/v1/auth/user", headers=account.headers)
    assert again.status_code == 401
    assert again.json == {"status": "fail", "message": BLACKLISTED}
    assert f'error_description="{BLACKLISTED}"' in again.headers["WWW-Authenticate"]


def test_second_logout_with_the_same_token_is_401(client, create_account):
    account = create_account()
    client.post(URL, headers=account.headers)
    response = client.post(URL, headers=account.headers)
    assert response.status_code == 401
    assert response.json["message"] == BLACKLISTED


def test_logout_leaves_the_users_other_tokens_valid(client, create_account):
    account = create_account()
    login = client.post(
        "/api/v1/auth/login", json={"email": account.email, "password": account.password}
    )
    client.post(URL, headers=account.headers)
    other = {"Authorization": f"Bearer {login.json['access_token']}"}
    assert client.get("/api/v1/auth/user", headers=other).status_code == 200


def test_logout_without_token_is_401(client):
    response = client.post(URL)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="registered_users@mydomain.com"'

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


def test_logout_with_refresh_token_ends_that_login(client, create_account):
    account = create_account()
    body = {"email": account.email, "password": account.password}
    tokens = client.post("/api/v1/auth/login", json=body).json
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    response = client.post(URL, json={"refresh_token": tokens["refresh_token"]}, headers=headers)
    assert response.status_code == 200
    refreshed = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 401


def test_logout_with_the_access_token_alone_ends_its_session(client, create_account):
    account = create_account()
    body = {"email": account.email, "password": account.password}
    tokens = client.post("/api/v1/auth/login", json=body).json
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert client.post(URL, headers=headers).status_code == 200
    refreshed = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert (refreshed.status_code, refreshed.json["message"]) == (401, BLACKLISTED)
    listed = client.get("/api/v1/auth/sessions", headers=account.headers).json["sessions"]
    assert [session["id"] for session in listed] == [account.session_id]  # the other one left


def test_logout_with_someone_elses_refresh_token_is_400(client, create_account):
    victim = create_account()
    body = {"email": victim.email, "password": victim.password}
    victims_refresh = client.post("/api/v1/auth/login", json=body).json["refresh_token"]
    response = client.post(
        URL, json={"refresh_token": victims_refresh}, headers=create_account().headers
    )
    assert response.status_code == 400
    assert list(response.json["errors"]) == ["refresh_token"]
    assert (
        client.post("/api/v1/auth/refresh", json={"refresh_token": victims_refresh}).status_code
        == 200
    )


def test_an_empty_optional_form_field_counts_as_not_sent(client, create_account):
    """Forms, Swagger UI's among them, send every field, filled in or not."""
    account = create_account()
    response = client.post(URL, data={"refresh_token": ""}, headers=account.headers)
    assert response.status_code == 200
    assert client.get("/api/v1/auth/user", headers=account.headers).status_code == 401

"""DELETE /api/v1/auth/user: close your own account with your password."""

URL = "/api/v1/auth/user"
ONLY_ADMIN = "You are the only administrator; appoint another first."


def delete(client, account, password=None):
    body = {"password": password or account.password}
    return client.delete(URL, json=body, headers=account.headers)


def test_deleting_is_204_and_the_token_is_refused_next(client, create_account):
    account = create_account()
    response = delete(client, account)
    assert (response.status_code, response.data) == (204, b"")
    again = client.get(URL, headers=account.headers)
    assert (again.status_code, again.json["message"]) == (
        401,
        "Invalid token. Please log in again.",
    )


def test_a_deleted_account_cannot_log_in(client, create_account):
    account = create_account()
    delete(client, account)
    body = {"email": account.email, "password": account.password}
    assert client.post("/api/v1/auth/login", json=body).status_code == 401


def test_the_password_is_checked_again(client, create_account):
    account = create_account()
    response = delete(client, account, password="not-my-password-9")
    assert response.status_code == 400
    assert response.json["errors"] == {"password": "Does not match your password."}
    assert client.get(URL, headers=account.headers).status_code == 200


def test_a_form_body_works_too(client, create_account):
    account = create_account()
    response = client.delete(URL, data={"password": account.password}, headers=account.headers)
    assert response.status_code == 204


def test_the_only_admin_cannot_leave(client, create_account):
    admin = create_account(admin=True)
    response = delete(client, admin)
    assert (response.status_code, response.json) == (409, {"status": "fail", "message": ONLY_ADMIN})


def test_an_admin_with_a_colleague_can_leave(client, create_account):
    admin, _colleague = create_account(admin=True), create_account(admin=True)
    assert delete(client, admin).status_code == 204


def test_missing_password_is_400(client, create_account):
    response = client.delete(URL, json={}, headers=create_account().headers)
    assert list(response.json["errors"]) == ["password"]


def test_without_a_token_it_is_401(client):
    assert client.delete(URL, json={"password": "x"}).status_code == 401

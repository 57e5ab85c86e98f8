"""POST /api/v1/auth/login"""

import pytest

from app.models import user as user_module

URL = "/api/v1/auth/login"
WRONG = {"status": "fail", "message": "email or password does not match"}


def test_login_with_form_body_is_200_with_token(client, create_account):
    account = create_account()
    response = client.post(URL, data={"email": account.email, "password": account.password})
    assert response.status_code == 200
    assert response.json["message"] == "successfully logged in"
    assert response.json["token_type"] == "bearer"
    assert response.json["expires_in"] == 5
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Pragma"] == "no-cache"


def test_login_with_json_body_gives_a_working_token(client, create_account):
    account = create_account()
    response = client.post(URL, json={"email": account.email, "password": account.password})
    headers = {"Authorization": f"Bearer {response.json['access_token']}"}
    me = client.get("/api/v1/auth/user", headers=headers)
    assert me.status_code == 200
    assert me.json["public_id"] == account.public_id


def test_login_email_is_case_insensitive(client, create_account):
    account = create_account(email="ada@example.com")
    response = client.post(URL, json={"email": " ADA@Example.com", "password": account.password})
    assert response.status_code == 200
    assert account.email == "ada@example.com"


def test_wrong_password_and_unknown_email_get_the_same_401(client, create_account):
    account = create_account()
    wrong_password = client.post(URL, json={"email": account.email, "password": "wrong-pass-1"})
    unknown_email = client.post(
        URL, json={"email": "nobody@example.com", "password": account.password}
    )
    assert wrong_password.status_code == unknown_email.status_code == 401
    assert wrong_password.json == unknown_email.json == WRONG


def test_unknown_email_costs_one_bcrypt_check_like_a_known_one(client, create_account, monkeypatch):
    checks = []
    real_check = user_module.bcrypt.check_password_hash
    monkeypatch.setattr(
        user_module.bcrypt, "check_password_hash", lambda *a: checks.append(a) or real_check(*a)
    )
    account = create_account()
    client.post(URL, json={"email": account.email, "password": "wrong-pass-1"})
    client.post(URL, json={"email": "nobody@example.com", "password": "wrong-pass-1"})
    assert len(checks) == 2


def test_password_over_bcrypt_limit_is_401_not_500(client, create_account):
    account = create_account()
    response = client.post(URL, json={"email": account.email, "password": "x" * 100})
    assert response.status_code == 401
    assert response.json == WRONG


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"email", "password"}),
        ({"email": "ada@example.com"}, {"password"}),
        ({"email": "not-an-address", "password": ""}, {"email", "password"}),
        ({"email": 42, "password": ["x"]}, {"email", "password"}),
    ],
)
def test_login_with_bad_fields_is_400_naming_each(client, body, fields):
    response = client.post(URL, json=body)
    assert response.status_code == 400
    assert response.json["message"] == "Input payload validation failed"
    assert set(response.json["errors"]) == fields

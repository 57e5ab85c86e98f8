"""POST /api/v1/auth/register"""

import pytest

URL = "/api/v1/auth/register"


def test_register_with_form_body_is_201_with_token(client):
    response = client.post(URL, data={"email": "ada@example.com", "password": "correct-horse-9"})
    assert response.status_code == 201
    assert response.json["status"] == "success"
    assert response.json["message"] == "successfully registered"
    assert response.json["token_type"] == "bearer"
    assert response.json["expires_in"] == 5
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Pragma"] == "no-cache"


def test_register_with_json_body_gives_a_working_token(client):
    response = client.post(URL, json={"email": "ada@example.com", "password": "correct-horse-9"})
    assert response.status_code == 201
    token = response.json["access_token"]
    me = client.get("/api/v1/auth/user", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json["email"] == "ada@example.com"


def test_register_strips_and_lowercases_email(client):
    response = client.post(URL, json={"email": "  Ada@Example.COM ", "password": "correct-horse-9"})
    token = response.json["access_token"]
    me = client.get("/api/v1/auth/user", headers={"Authorization": f"Bearer {token}"})
    assert me.json["email"] == "ada@example.com"


@pytest.mark.parametrize("second", ["ada@example.com", "ADA@example.com", " Ada@EXAMPLE.com"])
def test_register_same_address_in_any_case_is_409(client, second):
    client.post(URL, data={"email": "ada@example.com", "password": "correct-horse-9"})
    response = client.post(URL, data={"email": second, "password": "another-pass-1"})
    assert response.status_code == 409
    assert response.json == {"status": "fail", "message": "ada@example.com is already registered"}


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short7!", "Password must be at least 8 characters long."),
        (" " * 10, "Password must be text, not empty or only white space."),
        ("", "Password must be text, not empty or only white space."),
        ("é" * 37, "Password must be at most 72 bytes in UTF-8."),  # 37 characters, 74 bytes
        ("x" * 73, "Password must be at most 72 bytes in UTF-8."),
        (12345678, "Password must be text, not empty or only white space."),
    ],
)
def test_register_refuses_passwords_against_policy(client, password, message):
    response = client.post(URL, json={"email": "ada@example.com", "password": password})
    assert response.status_code == 400
    assert response.json == {
        "status": "fail",
        "message": "Input payload validation failed",
        "errors": {"password": message},
    }


def test_register_accepts_exactly_72_bytes(client):
    password = "mörkö-lävistää-" + "é" * 26  # 20 bytes of words, 52 of é
    assert len(password.encode()) == 72
    response = client.post(URL, json={"email": "ada@example.com", "password": password})
    assert response.status_code == 201


def test_password_minimum_is_configurable(app, client):
    app.config["PASSWORD_MIN_LENGTH"] = 12
    response = client.post(URL, json={"email": "ada@example.com", "password": "elevenchars"})
    assert response.json["errors"] == {"password": "Password must be at least 12 characters long."}


@pytest.mark.parametrize("email", ["not-an-address", "ada@", "@example.com", "ada@@example.com"])
def test_register_refuses_invalid_email(client, email):
    response = client.post(URL, data={"email": email, "password": "correct-horse-9"})
    assert response.status_code == 400
    assert "Example: ada@example.com." in response.json["errors"]["email"]


def test_register_names_every_missing_field(client):
    response = client.post(URL, data={})
    assert response.status_code == 400
    assert response.json["message"] == "Input payload validation failed"
    assert set(response.json["errors"]) == {"email", "password"}


def test_register_refuses_null_fields(client):
    response = client.post(URL, json={"email": None, "password": None})
    assert response.status_code == 400
    assert set(response.json["errors"]) == {"email", "password"}


def test_register_ignores_unknown_fields(client):
    body = {"email": "ada@example.com", "password": "correct-horse-9", "admin": True}
    response = client.post(URL, json=body)
    assert response.status_code == 201
    me = client.get("/api/v1/auth/user", headers={"Authorization": response.json["access_token"]})
    assert me.json["admin"] is False


def test_register_with_broken_json_is_400(client):
    response = client.post(URL, data='{"email": ', content_type="application/json")
    assert response.status_code == 400
    assert response.json == {"status": "fail", "message": "The request body is not valid JSON."}


def test_register_with_json_array_is_400(client):
    response = client.post(URL, json=["ada@example.com", "correct-horse-9"])
    assert response.status_code == 400
    assert response.json == {
        "status": "fail",
        "message": 'The JSON body must be an object, such as {"email": "..."}.',
    }

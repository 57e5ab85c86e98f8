"""PASSWORD_MIN_STRENGTH: zxcvbn refuses common and guessable passwords, with advice."""

import pytest

from app import create_app
from app.config import ConfigError

REGISTER = "/api/v1/auth/register"


@pytest.mark.parametrize("weak", ["password", "12345678", "qwertyuiop", "ada@example.com"])
def test_register_refuses_a_guessable_password_with_advice(client, weak):
    response = client.post(REGISTER, json={"email": "ada@example.com", "password": weak})
    assert response.status_code == 400
    advice = response.json["errors"]["password"]
    assert advice.startswith("Password is too easy to guess. ")
    assert len(advice) > len("Password is too easy to guess. ")


def test_the_users_own_address_counts_against_the_password(client):
    body = {"email": "hortensia.quimby@example.com", "password": "hortensiaquimby"}
    assert client.post(REGISTER, json=body).status_code == 400


def test_strength_zero_accepts_any_password_the_length_rule_does(app, client):
    app.config["PASSWORD_MIN_STRENGTH"] = 0
    response = client.post(REGISTER, json={"email": "ada@example.com", "password": "12345678"})
    assert response.status_code == 201


def test_add_user_applies_the_strength_check(runner):
    result = runner.invoke(args=["add-user", "ada@example.com"], input="password1\n" * 2)
    assert result.exit_code == 2
    assert "Password is too easy to guess." in result.output


@pytest.mark.parametrize("strength", ["-1", "5"])
def test_a_strength_outside_zero_to_four_is_refused(monkeypatch, strength):
    monkeypatch.setenv("PASSWORD_MIN_STRENGTH", strength)
    with pytest.raises(ConfigError, match="PASSWORD_MIN_STRENGTH"):
        create_app("testing")

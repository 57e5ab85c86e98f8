"""Step-up (RFC 9470): sensitive changes need a recent sign-in, with the second factor when it is
on; POST /auth/reauthenticate gives one. And admins: two-factor required, reset for a user."""

from datetime import timedelta

import pytest
from conftest import PASSWORD, account_in, enable_totp

REAUTH = "/api/v1/auth/reauthenticate"
STEP_UP = (
    'error="insufficient_user_authentication", '
    'error_description="Confirm it is you: log in again.", max_age=60'
)


@pytest.fixture
def app(make_app):
    """Access tokens that outlive REAUTH_MAX_AGE, so a token can be valid but not recent."""
    return make_app(
        ACCESS_TOKEN_EXPIRE_SECONDS=3600, REFRESH_TOKEN_EXPIRE_SECONDS=7200, REAUTH_MAX_AGE=60
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_sign_in_older_than_reauth_max_age_cannot_delete_the_account(
    client, create_account, clock
):
    account = create_account()
    clock.shift(timedelta(seconds=61))
    response = client.delete(
        "/api/v1/auth/user", json={"password": PASSWORD}, headers=account.headers
    )
    assert response.status_code == 401
    assert response.json["message"] == "Confirm it is you: log in again."
    assert response.headers["WWW-Authenticate"].endswith(STEP_UP)


def test_reauthenticating_makes_the_sign_in_recent_again(client, create_account, clock):
    account = create_account()
    clock.shift(timedelta(seconds=61))
    fresh = client.post(REAUTH, json={"password": PASSWORD}, headers=account.headers)
    assert (fresh.status_code, fresh.json["message"]) == (200, "reauthenticated")
    headers = bearer(fresh.json["access_token"])
    response = client.delete("/api/v1/auth/user", json={"password": PASSWORD}, headers=headers)
    assert response.status_code == 204


def test_reauthenticating_with_a_wrong_password_is_400(client, create_account):
    account = create_account()
    response = client.post(REAUTH, json={"password": "wrong-pass-1"}, headers=account.headers)
    assert response.json["errors"] == {"password": "Does not match your password."}


def test_a_refresh_keeps_the_sign_ins_time(client, create_account, clock):
    account = create_account()
    body = {"email": account.email, "password": PASSWORD}
    refresh_token = client.post("/api/v1/auth/login", json=body).json["refresh_token"]
    clock.shift(timedelta(seconds=61))
    pair = client.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token}).json
    response = client.delete(
        "/api/v1/auth/user", json={"password": PASSWORD}, headers=bearer(pair["access_token"])
    )
    assert response.status_code == 401  # a refresh is no proof of who you are


def test_with_two_factor_on_a_password_only_sign_in_is_not_enough(client, create_account, clock):
    admin, user = create_account(admin=True), create_account()
    authenticator = enable_totp(client, admin)  # on now, but this token's sign-in had no code
    patch = client.patch(
        f"/api/v1/users/{user.public_id}", json={"admin": True}, headers=admin.headers
    )
    assert (patch.status_code, patch.headers["WWW-Authenticate"].endswith(STEP_UP)) == (401, True)
    no_code = client.post(REAUTH, json={"password": PASSWORD}, headers=admin.headers)
    assert no_code.json["errors"] == {
        "code": "Enter the code from your authenticator app, or a recovery code."
    }
    clock.shift(timedelta(seconds=30))
    body = {"password": PASSWORD, "code": authenticator.now()}
    fresh = client.post(REAUTH, json=body, headers=admin.headers).json["access_token"]
    patched = client.patch(
        f"/api/v1/users/{user.public_id}", json={"admin": True}, headers=bearer(fresh)
    )
    assert patched.status_code == 200


def test_admins_without_two_factor_are_refused_where_it_is_required(make_app, clock):
    app = make_app(REQUIRE_MFA_FOR_ADMINS=True)
    client, admin = app.test_client(), account_in(app, admin=True)
    refused = client.get("/api/v1/users", headers=admin.headers)
    assert (refused.status_code, refused.json["message"]) == (
        403,
        "Turn on two-factor authentication first",
    )
    assert 'error="insufficient_scope"' in refused.headers["WWW-Authenticate"]
    enable_totp(client, admin)
    assert client.get("/api/v1/users", headers=admin.headers).status_code == 200


def test_an_admin_turns_a_users_two_factor_off(client, create_account, clock):
    admin, user = create_account(admin=True), create_account()
    enable_totp(client, user)
    url = f"/api/v1/users/{user.public_id}/mfa"
    assert client.delete(url, headers=admin.headers).status_code == 204
    login = client.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    assert login.status_code == 200
    assert client.delete(url, headers=admin.headers).status_code == 204  # off already


def test_flask_mfa_reset_turns_it_off(client, runner, create_account, clock):
    user = create_account()
    enable_totp(client, user)
    result = runner.invoke(args=["mfa-reset", user.email])
    assert result.exit_code == 0, result.output
    assert f"Two-factor authentication is off for {user.email}." in result.output
    again = runner.invoke(args=["mfa-reset", user.email])
    assert again.exit_code == 0
    assert f"was not on for {user.email}; nothing changed." in again.output

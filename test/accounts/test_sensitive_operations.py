"""The table of sensitive operations (app/accounts/sensitive.py), walked with swagger.json: every
route marked `x-sensitive-operation` refuses a personal token and a narrowed session (403
insufficient_scope, scope="account") and, where its policy asks for step-up, a stale sign-in
(401 insufficient_user_authentication); and every route that writes to the account is either
marked or named below with the reason it changes no way in."""

import re
from datetime import timedelta

import pytest

from app import create_app
from app.accounts.sensitive import SENSITIVE_OPERATIONS, Operation

SPEC = create_app("testing").test_client().get("/api/v1/swagger.json").json
MARKED = [
    (method.upper(), path, Operation[operation["x-sensitive-operation"]])
    for path, item in SPEC["paths"].items()
    for method, operation in item.items()
    if method != "parameters" and "x-sensitive-operation" in operation
]
WRITES = {"POST", "PUT", "PATCH", "DELETE"}

# Writes to the account's routes that add, change or remove no way in, and why.
NOT_A_WAY_IN = {
    ("POST", "/auth/register"): "makes an account with its first way in",
    ("POST", "/auth/login"): "signs in",
    ("POST", "/auth/login/mfa"): "signs in",
    ("POST", "/auth/login/code"): "sends a code to the address: the code is the proof",
    ("POST", "/auth/login/code/confirm"): "signs in (and proves the address, an event)",
    ("POST", "/auth/login/mfa/passkey/options"): "signs in",
    ("POST", "/auth/login/mfa/email"): "signs in: sends a code to the account's own address",
    ("POST", "/auth/mfa/email/code"): "sends a code to the account's own address",
    ("POST", "/auth/passkeys/login/options"): "signs in",
    ("POST", "/auth/passkeys/login"): "signs in",
    ("POST", "/auth/oidc/exchange"): "signs in",
    ("POST", "/auth/token"): "signs in, or refreshes",
    ("POST", "/auth/refresh"): "refreshes",
    ("POST", "/auth/reauthenticate"): "is the step-up itself",
    ("POST", "/auth/logout"): "ends a session",
    ("POST", "/auth/logout-all"): "ends every session (a security event)",
    ("DELETE", "/auth/sessions/{session_id}"): "ends a session",
    ("DELETE", "/auth/tokens/{token_id}"): "revokes a token: ending a way in is always allowed",
    ("DELETE", "/auth/consents/{client_id}"): "ends an app's access: always allowed",
    ("POST", "/auth/revoke"): "revokes a token: ending a way in is always allowed",
    ("POST", "/auth/introspect"): "reads",
    ("PATCH", "/auth/passkeys/{passkey_id}"): "renames a passkey",
    ("DELETE", "/auth/user"): "closes the account (step-up; a security event)",
    ("POST", "/auth/password-reset"): "sends a link: the link to the address is the proof",
    ("POST", "/auth/password-reset/confirm"): "the emailed link proves the owner (an event)",
    ("POST", "/auth/verify-email"): "the emailed link proves the address",
    ("POST", "/auth/verify-email/resend"): "sends a link to the account's own address",
    ("POST", "/auth/email/confirm"): "the link to the new address proves it (an event)",
}


@pytest.fixture
def app(make_app):
    """A sign-in counts as recent for 30 s: less than a refresh token lives in testing."""
    return make_app(REAUTH_MAX_AGE=30)


def url(path: str) -> str:
    return "/api/v1" + re.sub(r"{[^}]+}", "no-such-thing", path)


def challenge_of(response) -> str:
    return response.headers.get("WWW-Authenticate", "")


def test_every_write_to_the_account_is_marked_or_named_with_a_reason():
    writes = {
        (method.upper(), path)
        for path, item in SPEC["paths"].items()
        if path.startswith("/auth")
        for method in item
        if method.upper() in WRITES
    }
    marked = {(method, path) for method, path, _ in MARKED}
    assert writes - marked - set(NOT_A_WAY_IN) == set(), "mark it, or say why it needs no mark"
    assert set(NOT_A_WAY_IN) <= writes, "a reason for a route that is gone"
    assert not marked & set(NOT_A_WAY_IN)


def test_every_row_of_the_table_guards_a_route():
    assert {operation for _, _, operation in MARKED} == set(SENSITIVE_OPERATIONS)


@pytest.fixture
def narrowed_token(client, create_account):
    """An access token of a session narrowed by the password grant's scope."""
    account = create_account()
    body = {"grant_type": "password", "username": account.email, "password": account.password}
    response = client.post("/api/v1/auth/token", data=body | {"scope": "widgets:read"})
    assert response.status_code == 200, response.json
    return response.json["access_token"]


@pytest.mark.parametrize(("method", "path", "operation"), MARKED)
def test_a_personal_token_is_refused(client, create_account, method, path, operation):
    account = create_account()
    made = client.post(
        "/api/v1/auth/tokens",
        json={"name": "ci", "scopes": "widgets:read"},
        headers=account.headers,
    )
    headers = {"Authorization": f"Bearer {made.json['token']}"}
    response = client.open(url(path), method=method, json={}, headers=headers)
    assert response.status_code == 403, response.json
    assert 'error="insufficient_scope"' in challenge_of(response)
    assert 'scope="account"' in challenge_of(response)


@pytest.mark.parametrize(("method", "path", "operation"), MARKED)
def test_a_narrowed_session_is_refused(client, narrowed_token, method, path, operation):
    headers = {"Authorization": f"Bearer {narrowed_token}"}
    response = client.open(url(path), method=method, json={}, headers=headers)
    assert response.status_code == 403, response.json
    assert 'scope="account"' in challenge_of(response)


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    [marked for marked in MARKED if SENSITIVE_OPERATIONS[marked[2]].step_up],
)
def test_a_stale_sign_in_must_step_up(app, client, create_account, clock, method, path, operation):
    account = create_account()
    body = {"email": account.email, "password": account.password}
    refresh_token = client.post("/api/v1/auth/login", json=body).json["refresh_token"]
    clock.shift(timedelta(seconds=app.config["REAUTH_MAX_AGE"] + 1))
    refreshed = client.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token})
    headers = {"Authorization": f"Bearer {refreshed.json['access_token']}"}  # the old auth_time
    response = client.open(url(path), method=method, json={}, headers=headers)
    assert response.status_code == 401, response.json
    assert 'error="insufficient_user_authentication"' in challenge_of(response)
    assert f"max_age={app.config['REAUTH_MAX_AGE']}" in challenge_of(response)


def test_a_password_change_steps_up_with_the_current_password(app, client, create_account, clock):
    account = create_account()
    body = {"email": account.email, "password": account.password}
    refresh_token = client.post("/api/v1/auth/login", json=body).json["refresh_token"]
    clock.shift(timedelta(seconds=app.config["REAUTH_MAX_AGE"] + 1))
    refreshed = client.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token})
    headers = {"Authorization": f"Bearer {refreshed.json['access_token']}"}
    change = {"current_password": "not-my-password", "new_password": "brand-new-horse-7"}
    wrong = client.post("/api/v1/auth/password", json=change, headers=headers)
    assert (wrong.status_code, list(wrong.json["errors"])) == (400, ["current_password"])
    change["current_password"] = account.password
    assert client.post("/api/v1/auth/password", json=change, headers=headers).status_code == 200


def test_a_narrowed_session_may_read_who_it_is_and_log_itself_out(client, narrowed_token):
    headers = {"Authorization": f"Bearer {narrowed_token}"}
    assert client.get("/api/v1/auth/user", headers=headers).status_code == 200
    assert client.post("/api/v1/auth/logout-all", headers=headers).status_code == 403
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 200
    assert client.get("/api/v1/auth/user", headers=headers).status_code == 401

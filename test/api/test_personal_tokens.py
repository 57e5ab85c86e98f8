"""Personal access tokens over HTTP: made once and shown once, used as bearer tokens within their
scopes and their user's roles, kept off the account's own routes, noted when used, and revoked
every way the section of docs/API.md lists."""

from datetime import timedelta

import pytest
from conftest import account_in

from app import db
from app.models import PersonalToken

TOKENS = "/api/v1/auth/tokens"
WIDGETS = "/api/v1/widgets"
WIDGET = {"name": "probe", "info_url": "https://x.io", "deadline": "2031-01-01"}
NOT_WITH_PAT = "A personal access token cannot do this; log in instead"


def make_token(client, account, scopes="widgets:read", **extra):
    body = {"name": "deploy script", "scopes": scopes, **extra}
    response = client.post(TOKENS, json=body, headers=account.headers)
    assert response.status_code == 201, response.json
    return response.json


def bearer(token):
    return {"Authorization": f"Bearer {token['token']}"}


def test_a_token_is_shown_once_and_looks_like_one(client, create_account):
    account = create_account()
    made = make_token(client, account)
    assert set(made) == {"id", "name", "token", "scopes", "expires_at"}
    assert made["token"].startswith("pat_") and len(made["token"]) == 42
    assert made["scopes"] == "widgets:read"
    listed = client.get(TOKENS, headers=account.headers).json["tokens"]
    assert [item["id"] for item in listed] == [made["id"]]
    assert "token" not in listed[0] and made["token"] not in str(listed)


def test_only_the_hash_is_stored(app, client, create_account):
    made = make_token(client, create_account())
    with app.app_context():
        stored = db.session.get(PersonalToken, made["id"])
        assert made["token"] not in (stored.token_hash, stored.name, stored.scopes)
        assert len(stored.token_hash) == 64


def test_a_token_works_within_its_scopes(client, create_account):
    admin = create_account(admin=True)
    reader = make_token(client, admin, "widgets:read")
    assert client.get(WIDGETS, headers=bearer(reader)).status_code == 200
    refused = client.post(WIDGETS, json=WIDGET, headers=bearer(reader))
    assert (refused.status_code, refused.json["message"]) == (
        403,
        "Your token's scope does not include this",
    )
    assert 'scope="widgets:write"' in refused.headers["WWW-Authenticate"]
    writer = make_token(client, admin, "widgets:read widgets:write")
    assert client.post(WIDGETS, json=WIDGET, headers=bearer(writer)).status_code == 201


def test_a_demoted_user_s_token_loses_the_permission_at_once(client, create_account, runner):
    editor = create_account()
    runner.invoke(args=["set-roles", editor.email, "editor"])
    writer = make_token(client, editor, "widgets:write")
    assert client.post(WIDGETS, json=WIDGET, headers=bearer(writer)).status_code == 201
    runner.invoke(args=["set-roles", editor.email, "user"])
    second = dict(WIDGET, name="second")
    refused = client.post(WIDGETS, json=second, headers=bearer(writer))
    assert (refused.status_code, refused.json["message"]) == (403, "You are not an administrator")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/auth/user"),
        ("get", TOKENS),
        ("post", TOKENS),
        ("post", "/api/v1/auth/password"),
        ("get", "/api/v1/auth/sessions"),
        ("get", "/api/v1/auth/passkeys"),
        ("post", "/api/v1/auth/mfa/totp"),
        ("post", "/api/v1/auth/logout-all"),
        ("get", "/api/v1/auth/identities"),
    ],
)
def test_a_token_cannot_manage_the_account(client, create_account, method, path):
    token = make_token(client, create_account())
    response = client.open(path, method=method.upper(), json={}, headers=bearer(token))
    assert (response.status_code, response.json["message"]) == (403, NOT_WITH_PAT)
    assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]


def test_a_token_cannot_pass_a_step_up(client, create_account):
    admin = create_account(admin=True)
    other = create_account()
    token = make_token(client, admin, "users:read users:write")
    url = f"/api/v1/users/{other.public_id}"
    assert client.get(url, headers=bearer(token)).status_code == 200
    refused = client.patch(url, json={"disabled": True}, headers=bearer(token))
    assert (refused.status_code, refused.json["message"]) == (403, NOT_WITH_PAT)


def test_its_use_is_noted_at_most_once_a_minute(make_app, clock):
    app = make_app(ACCESS_TOKEN_EXPIRE_SECONDS=3600)
    client, account = app.test_client(), account_in(app)
    token = make_token(client, account)
    clock.shift(timedelta(seconds=5))
    client.get(WIDGETS, headers=bearer(token), environ_base={"REMOTE_ADDR": "203.0.113.7"})
    clock.shift(timedelta(seconds=30))
    client.get(WIDGETS, headers=bearer(token), environ_base={"REMOTE_ADDR": "198.51.100.2"})
    (listed,) = client.get(TOKENS, headers=account.headers).json["tokens"]
    assert listed["last_used_ip"] == "203.0.113.7"
    assert listed["last_used_at"].startswith("2030-05-13T12:00:05")
    clock.shift(timedelta(seconds=31))
    client.get(WIDGETS, headers=bearer(token), environ_base={"REMOTE_ADDR": "198.51.100.2"})
    (listed,) = client.get(TOKENS, headers=account.headers).json["tokens"]
    assert listed["last_used_ip"] == "198.51.100.2"


def test_a_token_expires(client, create_account, clock):
    account = create_account()
    token = make_token(client, account, expires_in_days=1)
    clock.shift(timedelta(days=1, seconds=1))
    response = client.get(WIDGETS, headers=bearer(token))
    assert (response.status_code, response.json["message"]) == (
        401,
        "Personal token expired. Please log in again.",
    )


def refused_as_revoked(client, token):
    response = client.get(WIDGETS, headers=bearer(token))
    return (response.status_code, response.json["message"]) == (
        401,
        "Token blacklisted. Please log in again.",
    )


def test_the_owner_revokes_a_token(client, create_account):
    account = create_account()
    token = make_token(client, account)
    url = f"{TOKENS}/{token['id']}"
    assert client.delete(url, headers=account.headers).status_code == 204
    assert refused_as_revoked(client, token)
    assert client.get(TOKENS, headers=account.headers).json == {"tokens": []}
    again = client.delete(url, headers=account.headers)
    assert (again.status_code, again.json["message"]) == (404, "No personal token with that id.")


def test_no_one_revokes_another_user_s_token_as_their_own(client, create_account):
    token = make_token(client, create_account())
    stranger = create_account()
    url = f"{TOKENS}/{token['id']}"
    assert client.delete(url, headers=stranger.headers).status_code == 404
    assert client.get(WIDGETS, headers=bearer(token)).status_code == 200


def test_an_admin_lists_and_revokes_a_user_s_tokens(client, create_account):
    admin, account = create_account(admin=True), create_account()
    token = make_token(client, account)
    listed = client.get(f"/api/v1/users/{account.public_id}/tokens", headers=admin.headers)
    assert [item["id"] for item in listed.json["tokens"]] == [token["id"]]
    url = f"/api/v1/users/{account.public_id}/tokens/{token['id']}"
    assert client.delete(url, headers=admin.headers).status_code == 204
    assert refused_as_revoked(client, token)
    wrong_owner = f"/api/v1/users/{admin.public_id}/tokens/{token['id']}"
    assert client.delete(wrong_owner, headers=admin.headers).status_code == 404


def test_logout_all_revokes_every_token(client, create_account):
    account = create_account()
    token = make_token(client, account)
    assert client.post("/api/v1/auth/logout-all", headers=account.headers).status_code == 200
    assert refused_as_revoked(client, token)


def test_a_new_password_revokes_every_token(app, client, create_account):
    account = create_account()
    token = make_token(client, account)
    body = {"current_password": account.password, "new_password": "new-horse-battery-7"}
    assert (
        client.post("/api/v1/auth/password", json=body, headers=account.headers).status_code == 200
    )
    assert refused_as_revoked(client, token)


def test_disabling_the_user_revokes_every_token(client, create_account, runner):
    account = create_account()
    token = make_token(client, account)
    runner.invoke(args=["disable-user", account.email])
    runner.invoke(args=["disable-user", "--enable", account.email])
    assert refused_as_revoked(client, token)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x", "scopes": "users:write"}, "scopes"),  # a permission the user lacks
        ({"name": "x", "scopes": "widgets:delete"}, "scopes"),  # no such permission
        ({"name": "x", "scopes": ""}, "scopes"),
        ({"name": "x", "scopes": ["widgets:read"]}, "scopes"),
        ({"name": "x", "scopes": "widgets:read " * 2000}, "scopes"),
        ({"name": "x" * 10_000, "scopes": "widgets:read"}, "name"),
        ({"name": "", "scopes": "widgets:read"}, "name"),
        ({"scopes": "widgets:read"}, "name"),
        ({"name": "x", "scopes": "widgets:read", "expires_in_days": 0}, "expires_in_days"),
        ({"name": "x", "scopes": "widgets:read", "expires_in_days": 366}, "expires_in_days"),
        ({"name": "x", "scopes": "widgets:read", "expires_in_days": "30"}, "expires_in_days"),
        ({"name": "x", "scopes": "widgets:read", "expires_in_days": True}, "expires_in_days"),
    ],
)
def test_bad_input_is_a_400_on_its_field(client, create_account, body, field):
    account = create_account()
    response = client.post(TOKENS, json=body, headers=account.headers)
    assert response.status_code == 400 and field in response.json["errors"]
    assert client.get(TOKENS, headers=account.headers).json == {"tokens": []}


@pytest.mark.parametrize(
    "mangled",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # a typo: checksum fails
        lambda token: token[:20],  # truncated
        lambda token: token + "x",
        lambda token: "pat_" + "0" * 38,
        lambda token: "pat_" + "é" * 38,
    ],
)
def test_a_malformed_token_is_invalid(client, create_account, mangled):
    token = make_token(client, create_account())["token"]
    response = client.get(WIDGETS, headers={"Authorization": f"Bearer {mangled(token)}"})
    assert (response.status_code, response.json["message"]) == (
        401,
        "Invalid token. Please log in again.",
    )


def test_step_up_is_needed_to_make_one(make_app, clock):
    app = make_app(ACCESS_TOKEN_EXPIRE_SECONDS=3600)
    client, account = app.test_client(), account_in(app)
    clock.shift(timedelta(minutes=11))
    late = client.post(
        TOKENS, json={"name": "x", "scopes": "widgets:read"}, headers=account.headers
    )
    assert late.status_code == 401
    assert 'error="insufficient_user_authentication"' in late.headers["WWW-Authenticate"]

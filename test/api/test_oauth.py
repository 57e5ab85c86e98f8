"""The OAuth 2.0 endpoints over HTTP: /auth/token (password and refresh_token grants, RFC 6749),
/auth/revoke (RFC 7009) and /auth/introspect (RFC 7662), in their own shapes; an OAuth client
library against a real server, and introspection from a second process."""

import json
import subprocess
import sys
from datetime import timedelta

import jwt
import pytest
from authlib.integrations.requests_client import OAuth2Session
from conftest import enable_totp

TOKEN = "/api/v1/auth/token"
REVOKE = "/api/v1/auth/revoke"
INTROSPECT = "/api/v1/auth/introspect"
WIDGETS = "/api/v1/widgets"
WIDGET = {"name": "probe", "info_url": "https://x.io", "deadline": "2031-01-01"}


def password_grant(client, account, **extra):
    form = {"grant_type": "password", "username": account.email, "password": account.password}
    return client.post(TOKEN, data=form | extra)


def bearer(response):
    return {"Authorization": f"Bearer {response.json['access_token']}"}


def oauth_error(response):
    return response.status_code, response.json["error"]


def test_the_password_grant_answers_rfc_6749(client, create_account):
    account = create_account()
    response = password_grant(client, account)
    assert response.status_code == 200
    assert set(response.json) == {
        "access_token",
        "token_type",
        "expires_in",
        "refresh_token",
        "scope",
    }
    assert (response.json["token_type"], response.json["scope"]) == ("Bearer", "widgets:read")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Pragma"] == "no-cache"
    me = client.get("/api/v1/auth/user", headers=bearer(response))
    assert me.json["email"] == account.email
    claims = jwt.decode(response.json["access_token"], options={"verify_signature": False})
    assert claims["scope"] == "widgets:read"


def test_an_admin_token_holds_every_permission(client, create_account):
    response = password_grant(client, create_account(admin=True))
    assert response.json["scope"] == (
        "widgets:read widgets:write users:read users:write audit:read tokens:introspect"
        " clients:write"
    )


def test_a_narrower_scope_is_honoured(client, create_account, clock):
    admin = create_account(admin=True)
    narrow = password_grant(client, admin, scope="widgets:read")
    assert narrow.json["scope"] == "widgets:read"
    assert client.get(WIDGETS, headers=bearer(narrow)).status_code == 200
    refused = client.post(WIDGETS, json=WIDGET, headers=bearer(narrow))
    assert (refused.status_code, refused.json["message"]) == (
        403,
        "Your token's scope does not include this",
    )
    refreshed = client.post(
        TOKEN, data={"grant_type": "refresh_token", "refresh_token": narrow.json["refresh_token"]}
    )
    assert refreshed.json["scope"] == "widgets:read"  # a refresh never widens it
    assert client.post(WIDGETS, json=WIDGET, headers=bearer(refreshed)).status_code == 403


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ({"password": "wrong-horse-1"}, "invalid_grant"),
        ({"username": "nobody@example.com"}, "invalid_grant"),
        ({"scope": "users:write"}, "invalid_scope"),  # not the user's
        ({"scope": "widgets:delete"}, "invalid_scope"),  # no such permission
        ({"scope": "x" * 10_000}, "invalid_scope"),
        ({"grant_type": "client_credentials"}, "unsupported_grant_type"),
        ({"grant_type": ""}, "unsupported_grant_type"),
        ({"username": ""}, "invalid_request"),
        ({"password": ""}, "invalid_request"),
    ],
)
def test_a_refused_grant_says_why_in_rfc_6749_terms(client, create_account, form, expected):
    account = create_account()
    response = password_grant(client, account, **form)
    assert oauth_error(response) == (400, expected)
    assert set(response.json) == {"error", "error_description"}
    assert response.headers["Cache-Control"] == "no-store"


def test_a_json_body_works_too_and_nonsense_is_invalid(client, create_account):
    account = create_account()
    body = {"grant_type": "password", "username": account.email, "password": account.password}
    assert client.post(TOKEN, json=body).status_code == 200
    assert oauth_error(client.post(TOKEN, json=body | {"password": 42})) == (400, "invalid_request")
    assert oauth_error(client.post(TOKEN, data="grant_type")) == (400, "unsupported_grant_type")


def test_a_disabled_account_is_an_invalid_grant(client, create_account, runner):
    account = create_account()
    runner.invoke(args=["disable-user", account.email])
    response = password_grant(client, account)
    assert oauth_error(response) == (400, "invalid_grant")
    assert response.json["error_description"] == "This account is disabled."


def test_two_factor_asks_in_the_grant_s_own_shape(client, create_account, clock):
    account = create_account()
    totp = enable_totp(client, account)
    response = password_grant(client, account)
    assert response.status_code == 403
    assert set(response.json) == {"error", "error_description", "mfa_token", "methods"}
    assert response.json["error"] == "mfa_required"
    clock.shift(timedelta(seconds=30))
    body = {"mfa_token": response.json["mfa_token"], "code": totp.now()}
    assert client.post("/api/v1/auth/login/mfa", json=body).status_code == 200


def test_the_refresh_grant_rotates_and_refuses_a_wider_scope(client, create_account, clock):
    account = create_account()
    first = password_grant(client, account).json
    form = {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    wider = client.post(TOKEN, data=form | {"scope": "widgets:write"})
    assert oauth_error(wider) == (400, "invalid_scope")
    rotated = client.post(TOKEN, data=form)  # the refused request spent nothing
    assert rotated.status_code == 200 and rotated.json["refresh_token"] != first["refresh_token"]
    clock.shift(timedelta(seconds=11))  # past the grace window of a retry
    reused = client.post(TOKEN, data=form)
    assert oauth_error(reused) == (400, "invalid_grant")
    assert oauth_error(client.post(TOKEN, data={"grant_type": "refresh_token"})) == (
        400,
        "invalid_request",
    )


def test_revoking_an_access_token(client, create_account):
    tokens = password_grant(client, create_account())
    assert client.post(REVOKE, data={"token": tokens.json["access_token"]}).status_code == 200
    refused = client.get("/api/v1/auth/user", headers=bearer(tokens))
    assert (refused.status_code, refused.json["message"]) == (
        401,
        "Token blacklisted. Please log in again.",
    )


def test_revoking_a_refresh_token_ends_its_session(client, create_account):
    tokens = password_grant(client, create_account()).json
    form = {"token": tokens["refresh_token"], "token_type_hint": "refresh_token"}
    assert client.post(REVOKE, data=form).status_code == 200
    refresh = {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    assert oauth_error(client.post(TOKEN, data=refresh)) == (400, "invalid_grant")
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert client.get("/api/v1/auth/user", headers=headers).status_code == 401


def test_revoking_a_personal_token(client, create_account):
    account = create_account()
    made = client.post(
        "/api/v1/auth/tokens",
        json={"name": "ci", "scopes": "widgets:read"},
        headers=account.headers,
    ).json
    assert client.post(REVOKE, data={"token": made["token"]}).status_code == 200
    headers = {"Authorization": f"Bearer {made['token']}"}
    assert client.get(WIDGETS, headers=headers).status_code == 401


@pytest.mark.parametrize("token", ["nonsense", "pat_" + "0" * 38, "x" * 10_000])
def test_revoking_what_is_no_token_of_ours_is_200_all_the_same(client, token):
    assert client.post(REVOKE, data={"token": token}).status_code == 200


def test_revoke_without_a_token_is_invalid_request(client):
    assert oauth_error(client.post(REVOKE, data={})) == (400, "invalid_request")


@pytest.fixture
def introspector(create_account):
    return create_account(admin=True)  # admins hold tokens:introspect


def test_introspection_of_a_live_token(client, create_account, introspector):
    account = create_account()
    token = password_grant(client, account).json["access_token"]
    answer = client.post(INTROSPECT, data={"token": token}, headers=introspector.headers)
    assert answer.status_code == 200
    assert answer.json["active"] is True
    assert (answer.json["sub"], answer.json["scope"]) == (account.public_id, "widgets:read")
    assert answer.json["token_type"] == "Bearer" and answer.json["exp"] > 0


def test_introspection_sees_revocation_and_demotion(client, create_account, introspector, runner):
    account = create_account()
    runner.invoke(args=["set-roles", account.email, "editor"])
    tokens = password_grant(client, account).json
    ask = {"token": tokens["access_token"]}
    scope = client.post(INTROSPECT, data=ask, headers=introspector.headers).json["scope"]
    assert scope == "widgets:read widgets:write"
    runner.invoke(args=["set-roles", account.email, "user"])
    scope = client.post(INTROSPECT, data=ask, headers=introspector.headers).json["scope"]
    assert scope == "widgets:read"
    client.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {ask['token']}"})
    assert client.post(INTROSPECT, data=ask, headers=introspector.headers).json == {"active": False}


@pytest.mark.parametrize("token", ["nonsense", "pat_" + "0" * 38, "x" * 10_000])
def test_introspection_of_anything_else_is_inactive(client, introspector, token):
    answer = client.post(INTROSPECT, data={"token": token}, headers=introspector.headers)
    assert (answer.status_code, answer.json) == (200, {"active": False})


def test_introspection_needs_its_permission(client, create_account):
    user = create_account()
    response = client.post(INTROSPECT, data={"token": "x"}, headers=user.headers)
    assert response.status_code == 403
    assert 'scope="tokens:introspect"' in response.headers["WWW-Authenticate"]
    assert client.post(INTROSPECT, data={"token": "x"}).status_code == 401


def test_an_oauth_client_library_gets_and_refreshes_tokens(app, live_url, create_account):
    app.config["ACCESS_TOKEN_EXPIRE_SECONDS"] = (
        3600  # the library refuses a token this near its end
    )
    account = create_account(admin=True)
    session = OAuth2Session(client_id="swagger-ui", scope="widgets:read widgets:write")
    token = session.fetch_token(
        f"{live_url}{TOKEN}",
        grant_type="password",
        username=account.email,
        password=account.password,
    )
    assert token["scope"] == "widgets:read widgets:write"
    assert session.post(f"{live_url}{WIDGETS}", json=WIDGET).status_code == 201
    refreshed = session.refresh_token(f"{live_url}{TOKEN}")
    assert refreshed["access_token"] != token["access_token"]
    assert session.get(f"{live_url}{WIDGETS}/probe").status_code == 200


def test_another_process_introspects_over_http(live_url, client, create_account, introspector):
    token = password_grant(client, create_account()).json["access_token"]
    script = (
        "import json, sys, requests;"
        "url, token, auth = sys.argv[1:];"
        "answer = requests.post(url, data={'token': token},"
        " headers={'Authorization': 'Bearer ' + auth}, timeout=10);"
        "print(json.dumps(answer.json()))"
    )
    introspect = [sys.executable, "-c", script, f"{live_url}{INTROSPECT}", token]
    result = subprocess.run(
        [*introspect, introspector.token], capture_output=True, text=True, timeout=60
    )
    assert json.loads(result.stdout)["active"] is True, result.stderr
    client.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {token}"})
    result = subprocess.run(
        [*introspect, introspector.token], capture_output=True, text=True, timeout=60
    )
    assert json.loads(result.stdout) == {"active": False}

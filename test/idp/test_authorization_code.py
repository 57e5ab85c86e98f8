"""The authorization code flow through the test client, page by page as a browser would: the
ID token checked with the published keys alone, userinfo by scope, refresh with rotation, what
a client's token may read, consent remembered, and what ends a client's tokens."""

import base64
from datetime import timedelta
from typing import Any

import pytest
from conftest import Account, enable_totp
from flask import Flask
from flask.testing import FlaskClient
from support.hosted_pages import SITE, HostedClient
from support.idp_flow import (
    REDIRECT,
    SCOPES,
    TOKEN,
    USERINFO,
    Browser,
    at_hash,
    authorize_url,
    bearer,
    exchange,
    granted,
    id_token_claims,
    pkce_pair,
    query_of,
    refresh,
    registered,
    sent_back,
    unverified,
    walk,
)

from app.api.clients.business import remove
from app.ops.origin import COMMAND_LINE


@pytest.fixture
def app(make_app: Any) -> Flask:
    """Sessions that last an hour and a day, as in production, not the seconds of testing."""
    return make_app(
        PUBLIC_URL=SITE, ACCESS_TOKEN_EXPIRE_SECONDS=3600, REFRESH_TOKEN_EXPIRE_SECONDS=86400
    )


@pytest.fixture
def site(app: Flask) -> HostedClient:
    return HostedClient(app.test_client())


@pytest.fixture
def web_app(app: Flask) -> tuple[str, str | None]:
    return registered(app)


@pytest.fixture
def account(create_account: Any) -> Account:
    return create_account()


@pytest.fixture
def tokens(site: HostedClient, client: FlaskClient, account: Account, web_app: Any) -> Any:
    """The token response of a whole flow of `account` with `web_app`."""
    done = granted(site, account, web_app[0])
    response = exchange(client, web_app, done.code, done.verifier)
    assert response.status_code == 200, response.json
    return response.json


# The flow, as it should go


def test_the_redirect_carries_code_state_and_the_issuer(
    client: FlaskClient, site: HostedClient, account: Account, web_app: Any
) -> None:
    done = granted(site, account, web_app[0])
    issuer = client.get("/.well-known/openid-configuration").json["issuer"]
    assert set(done.params) == {"code", "state", "iss"}
    assert (done.params["state"], done.params["iss"]) == ("st-1", issuer)


def test_the_id_token_verifies_with_the_published_keys(
    client: FlaskClient, site: HostedClient, account: Account, web_app: Any
) -> None:
    done = granted(site, account, web_app[0], nonce="n-0S6_WzA2Mj")
    body = exchange(client, web_app, done.code, done.verifier).json
    claims = id_token_claims(client, body["id_token"], web_app[0])
    assert claims["iss"] == done.params["iss"] == SITE
    assert (claims["sub"], claims["aud"], claims["azp"]) == (account.public_id, *[web_app[0]] * 2)
    assert (claims["nonce"], claims["acr"], claims["amr"]) == ("n-0S6_WzA2Mj", "aal1", ["pwd"])
    assert claims["at_hash"] == at_hash(body["access_token"])
    assert claims["iat"] - 5 <= claims["auth_time"] <= claims["iat"]
    assert claims["sid"] and claims["sid"] != account.session_id


def test_password_and_totp_make_the_id_token_aal2(
    clock: Any, client: FlaskClient, site: HostedClient, account: Account, web_app: Any
) -> None:
    authenticator = enable_totp(client, account)
    clock.shift(timedelta(seconds=30))  # past the step whose code turned it on
    done = granted(site, account, web_app[0], second_factor=authenticator.now)
    body = exchange(client, web_app, done.code, done.verifier).json
    claims = id_token_claims(client, body["id_token"], web_app[0])
    assert claims["acr"] == "aal2"
    assert {"pwd", "otp"} <= set(claims["amr"])


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        ("openid email", {"sub", "email", "email_verified"}),
        ("openid", {"sub"}),
        ("openid widgets:read", {"sub"}),
    ],
)
def test_userinfo_releases_what_the_scopes_allow(
    client: FlaskClient, site: HostedClient, account: Account, web_app: Any, scope: str, expected
) -> None:
    done = granted(site, account, web_app[0], scope=scope)
    access = exchange(client, web_app, done.code, done.verifier).json["access_token"]
    for answer in (
        client.get(USERINFO, headers=bearer(access)),
        client.post(USERINFO, headers=bearer(access)),
    ):
        assert answer.status_code == 200, answer.json
        assert set(answer.json) == expected and answer.json["sub"] == account.public_id
    if "email" in expected:
        assert (answer.json["email"], answer.json["email_verified"]) == (account.email, True)


def test_no_refresh_token_without_offline_access(
    client: FlaskClient, site: HostedClient, account: Account, web_app: Any
) -> None:
    done = granted(site, account, web_app[0], scope="openid")
    body = exchange(client, web_app, done.code, done.verifier).json
    assert "refresh_token" not in body and body["scope"] == "openid"


def test_refresh_rotates_and_a_reuse_ends_the_chain(
    clock: Any, client: FlaskClient, web_app: Any, tokens: Any
) -> None:
    first = refresh(client, web_app, tokens["refresh_token"])
    assert first.status_code == 200, first.json
    assert first.json["refresh_token"] != tokens["refresh_token"]
    assert first.headers["Cache-Control"] == "no-store"
    clock.shift(timedelta(seconds=11))  # past REFRESH_REUSE_GRACE: a reuse, not a retry
    reused = refresh(client, web_app, tokens["refresh_token"])
    assert (reused.status_code, reused.json["error"]) == (400, "invalid_grant")
    refused = client.get("/api/v1/widgets", headers=bearer(first.json["access_token"]))
    assert refused.status_code == 401
    assert refresh(client, web_app, first.json["refresh_token"]).json["error"] == "invalid_grant"


def test_the_access_token_reads_widgets(
    client: FlaskClient, create_widgets: Any, tokens: Any
) -> None:
    create_widgets("a", "b")
    widgets = client.get("/api/v1/widgets", headers=bearer(tokens["access_token"]))
    assert (widgets.status_code, widgets.json["total_items"]) == (200, 2)


@pytest.mark.parametrize(
    "path", ["/api/v1/auth/user", "/api/v1/auth/sessions", "/api/v1/auth/tokens"]
)
def test_the_access_token_never_reaches_the_account(
    client: FlaskClient, tokens: Any, path: str
) -> None:
    account_route = client.get(path, headers=bearer(tokens["access_token"]))
    assert account_route.status_code == 403
    assert 'scope="account"' in account_route.headers["WWW-Authenticate"]


def test_a_first_party_client_skips_consent(
    app: Flask, site: HostedClient, account: Account
) -> None:
    client_id, _ = registered(app, first_party=True)
    site.sign_in(account.email, account.password)
    answer = site.get(authorize_url(client_id, pkce_pair()[1]))
    assert answer.status_code == 302 and answer.headers["Location"].startswith(REDIRECT + "?")
    assert "code" in query_of(answer.headers["Location"])


def test_a_client_that_is_not_first_party_asks_once_per_scope(
    site: HostedClient, account: Account, web_app: Any
) -> None:
    granted(site, account, web_app[0], scope="openid email")
    again = site.get(authorize_url(web_app[0], pkce_pair()[1], scope="email openid"))
    assert again.status_code == 302 and "code" in query_of(again.headers["Location"])
    more = site.get(authorize_url(web_app[0], pkce_pair()[1], scope="openid widgets:read"))
    assert more.status_code == 303 and more.headers["Location"].startswith("/consent?")
    asked = site.get(authorize_url(web_app[0], pkce_pair()[1], scope="openid", prompt="consent"))
    assert asked.status_code == 303 and asked.headers["Location"].startswith("/consent?")


def test_the_clients_session_is_listed_and_its_deletion_ends_the_tokens(
    client: FlaskClient, web_app: Any, account: Account, tokens: Any
) -> None:
    session_id = unverified(tokens["access_token"])["sid"]
    listed = client.get("/api/v1/auth/sessions", headers=account.headers).json["sessions"]
    assert session_id in {item["id"] for item in listed}
    ended = client.delete(f"/api/v1/auth/sessions/{session_id}", headers=account.headers)
    assert ended.status_code == 204
    assert client.get("/api/v1/widgets", headers=bearer(tokens["access_token"])).status_code == 401
    assert refresh(client, web_app, tokens["refresh_token"]).json["error"] == "invalid_grant"


def test_logout_all_ends_the_clients_tokens(
    clock: Any, client: FlaskClient, web_app: Any, account: Account, tokens: Any
) -> None:
    clock.shift(timedelta(seconds=1))
    assert client.post("/api/v1/auth/logout-all", headers=account.headers).status_code == 200
    assert client.get("/api/v1/widgets", headers=bearer(tokens["access_token"])).status_code == 401
    assert client.get(USERINFO, headers=bearer(tokens["access_token"])).status_code == 401
    assert refresh(client, web_app, tokens["refresh_token"]).json["error"] == "invalid_grant"


def test_a_password_reset_ends_the_clients_tokens(
    client: FlaskClient, web_app: Any, account: Account, tokens: Any, mailbox: Any, deliver: Any
) -> None:
    client.post("/api/v1/auth/password-reset", json={"email": account.email})
    deliver()
    body = {"token": mailbox.token_in(mailbox.messages[-1]), "new_password": "another-horse-77"}
    assert client.post("/api/v1/auth/password-reset/confirm", json=body).status_code == 200
    assert client.get("/api/v1/widgets", headers=bearer(tokens["access_token"])).status_code == 401
    assert refresh(client, web_app, tokens["refresh_token"]).json["error"] == "invalid_grant"


def test_a_public_client_exchanges_its_code_with_pkce_alone(
    app: Flask, client: FlaskClient, site: HostedClient, account: Account
) -> None:
    public = registered(app, type="public")
    done = granted(site, account, public[0])
    response = exchange(client, public, done.code, done.verifier)
    assert response.status_code == 200, response.json
    assert refresh(client, public, response.json["refresh_token"]).status_code == 200


def test_prompt_none_after_consent_gives_a_code(
    site: HostedClient, account: Account, web_app: Any
) -> None:
    granted(site, account, web_app[0])
    params = sent_back(site.get(authorize_url(web_app[0], pkce_pair()[1], prompt="none")))
    assert "code" in params and "error" not in params


def test_the_client_introspects_and_revokes_its_own_tokens(
    client: FlaskClient, account: Account, web_app: Any, tokens: Any
) -> None:
    basic = base64.b64encode(f"{web_app[0]}:{web_app[1]}".encode()).decode()
    headers = {"Authorization": f"Basic {basic}"}
    form = {"token": tokens["access_token"]}
    seen = client.post("/api/v1/auth/introspect", data=form, headers=headers).json
    assert seen["active"] is True
    assert (seen["client_id"], seen["sub"]) == (web_app[0], account.public_id)
    form = {"token": tokens["refresh_token"]}
    assert client.post("/api/v1/auth/revoke", data=form, headers=headers).status_code == 200
    assert refresh(client, web_app, tokens["refresh_token"]).json["error"] == "invalid_grant"


def test_removing_the_client_ends_its_tokens(
    app: Flask, client: FlaskClient, web_app: Any, tokens: Any
) -> None:
    with app.app_context():
        remove(web_app[0], COMMAND_LINE)
    assert client.get("/api/v1/widgets", headers=bearer(tokens["access_token"])).status_code == 401
    assert client.get(USERINFO, headers=bearer(tokens["access_token"])).status_code == 401


def test_the_person_sees_and_revokes_a_consent(
    client: FlaskClient, account: Account, web_app: Any, tokens: Any
) -> None:
    listed = client.get("/api/v1/auth/consents", headers=account.headers)
    assert listed.status_code == 200, listed.json
    assert web_app[0] in str(listed.json)
    gone = client.delete(f"/api/v1/auth/consents/{web_app[0]}", headers=account.headers)
    assert gone.status_code == 204
    assert client.get("/api/v1/widgets", headers=bearer(tokens["access_token"])).status_code == 401


def test_auth_time_is_the_sign_in_not_the_authorization(
    clock: Any, client: FlaskClient, site: HostedClient, account: Account, web_app: Any
) -> None:
    first = granted(site, account, web_app[0])
    body = exchange(client, web_app, first.code, first.verifier).json
    signed_in_at = id_token_claims(client, body["id_token"], web_app[0])["auth_time"]
    clock.shift(timedelta(minutes=5))
    second = granted(site, account, web_app[0])
    body = exchange(client, web_app, second.code, second.verifier).json
    claims = id_token_claims(client, body["id_token"], web_app[0])
    assert claims["auth_time"] == signed_in_at and claims["iat"] >= signed_in_at + 300


def test_the_id_tokens_sid_is_a_session_of_the_person(
    client: FlaskClient, account: Account, web_app: Any, tokens: Any
) -> None:
    sid = id_token_claims(client, tokens["id_token"], web_app[0])["sid"]
    listed = client.get("/api/v1/auth/sessions", headers=account.headers).json["sessions"]
    assert sid in {item["id"] for item in listed}


def test_the_access_token_expires(
    clock: Any, client: FlaskClient, site: HostedClient, account: Account, web_app: Any
) -> None:
    done = granted(site, account, web_app[0])
    access = exchange(client, web_app, done.code, done.verifier).json["access_token"]
    clock.shift(timedelta(seconds=3601))
    assert client.get(USERINFO, headers=bearer(access)).status_code == 401


def test_the_token_response_is_never_cached(
    client: FlaskClient, site: HostedClient, account: Account, web_app: Any
) -> None:
    done = granted(site, account, web_app[0])
    response = exchange(client, web_app, done.code, done.verifier)
    assert response.headers["Cache-Control"] == "no-store"
    assert response.json["token_type"] == "Bearer" and response.json["expires_in"] == 3600
    assert set(response.json["scope"].split()) == set(SCOPES.split())


def test_a_redirect_uri_with_a_query_keeps_it(
    app: Flask, client: FlaskClient, site: HostedClient, account: Account
) -> None:
    with_query = "https://app.example.com/cb?tenant=7"
    credentials = registered(app, redirect_uris=[with_query])
    verifier, challenge = pkce_pair()
    url = authorize_url(credentials[0], challenge, redirect_uri=with_query)
    back = walk(Browser.of(site), url, with_query, email=account.email, password=account.password)
    params = query_of(back.location or "")
    assert (params["tenant"], params["state"], params["iss"]) == ("7", "st-1", SITE)
    form = {"grant_type": "authorization_code", "code": params["code"], "code_verifier": verifier}
    form |= {
        "redirect_uri": with_query,
        "client_id": credentials[0],
        "client_secret": credentials[1],
    }
    assert client.post(TOKEN, data=form).status_code == 200


def test_a_code_still_works_at_59_seconds(
    clock: Any, client: FlaskClient, site: HostedClient, account: Account, web_app: Any
) -> None:
    done = granted(site, account, web_app[0])
    clock.shift(timedelta(seconds=59))
    assert exchange(client, web_app, done.code, done.verifier).status_code == 200


def test_without_the_refresh_token_grant_no_refresh_token(
    app: Flask, client: FlaskClient, site: HostedClient, account: Account
) -> None:
    credentials = registered(app, grant_types=["authorization_code"])
    done = granted(site, account, credentials[0])
    body = exchange(client, credentials, done.code, done.verifier).json
    assert "access_token" in body and "refresh_token" not in body


def test_a_password_change_ends_the_clients_tokens(
    clock: Any, client: FlaskClient, web_app: Any, account: Account, tokens: Any
) -> None:
    clock.shift(timedelta(seconds=1))
    body = {"current_password": account.password, "new_password": "another-horse-77"}
    changed = client.post("/api/v1/auth/password", json=body, headers=account.headers)
    assert changed.status_code == 200, changed.json
    assert client.get("/api/v1/widgets", headers=bearer(tokens["access_token"])).status_code == 401
    assert refresh(client, web_app, tokens["refresh_token"]).json["error"] == "invalid_grant"


def test_deleting_the_account_ends_the_clients_tokens(
    client: FlaskClient, web_app: Any, account: Account, tokens: Any
) -> None:
    gone = client.delete(
        "/api/v1/auth/user", json={"password": account.password}, headers=account.headers
    )
    assert gone.status_code == 204, gone.json
    assert client.get(USERINFO, headers=bearer(tokens["access_token"])).status_code == 401
    assert refresh(client, web_app, tokens["refresh_token"]).json["error"] == "invalid_grant"


# What a code outlives: nothing its grant is taken back with


def test_a_code_dies_with_the_consent_taken_back(
    site: HostedClient, client: FlaskClient, account: Account, web_app: Any
) -> None:
    done = granted(site, account, web_app[0])
    taken_back = client.delete(f"/api/v1/auth/consents/{web_app[0]}", headers=account.headers)
    assert taken_back.status_code == 204
    response = exchange(client, web_app, done.code, done.verifier)
    assert (response.status_code, response.json["error"]) == (400, "invalid_grant")


def test_a_code_dies_with_the_sign_in_that_granted_it(
    site: HostedClient, client: FlaskClient, account: Account, web_app: Any
) -> None:
    done = granted(site, account, web_app[0])
    assert site.submit(site.get("/signed-in")).status_code == 200  # signs out
    response = exchange(client, web_app, done.code, done.verifier)
    assert (response.status_code, response.json["error"]) == (400, "invalid_grant")


def test_only_the_client_revokes_what_was_granted_to_it(
    client: FlaskClient, tokens: Any, web_app: Any
) -> None:
    for body in ({"token": tokens["refresh_token"]}, {"token": tokens["access_token"]}):
        assert client.post("/api/v1/auth/revoke", data=body).status_code == 200  # anonymous
    assert client.get("/api/v1/widgets", headers=bearer(tokens["access_token"])).status_code == 200
    own = {"client_id": web_app[0], "client_secret": web_app[1]}
    client.post("/api/v1/auth/revoke", data={"token": tokens["refresh_token"]} | own)
    assert client.get("/api/v1/widgets", headers=bearer(tokens["access_token"])).status_code == 401


def test_a_public_client_revokes_its_own_by_its_client_id(
    app: Flask, site: HostedClient, client: FlaskClient, account: Account
) -> None:
    public = registered(app, type="public")
    done = granted(site, account, public[0])
    tokens = exchange(client, public, done.code, done.verifier).json
    body = {"token": tokens["refresh_token"], "client_id": public[0]}
    assert client.post("/api/v1/auth/revoke", data=body).status_code == 200
    assert client.get("/api/v1/widgets", headers=bearer(tokens["access_token"])).status_code == 401

"""Consents a person can list and take back (GET, DELETE /auth/consents), and RP-initiated
logout (GET /oauth/logout): driven through the hosted pages as a script would."""

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from support.hosted_pages import HostedClient

from app.api.clients.business import register
from app.ops.origin import COMMAND_LINE

REDIRECT = "https://app.example.com/cb"
BYE = "https://app.example.com/bye"


@pytest.fixture
def app(make_app):
    return make_app(PUBLIC_URL="https://localhost", ACCESS_TOKEN_EXPIRE_SECONDS=3600)


@pytest.fixture
def web_app(app):
    """A confidential client that signs people in: (client_id, secret)."""
    with app.app_context():
        client, secret = register(
            COMMAND_LINE,
            name="Example app",
            grant_types=["authorization_code", "refresh_token"],
            scopes=["openid", "email", "offline_access", "widgets:read"],
            redirect_uris=[REDIRECT],
            post_logout_redirect_uris=[BYE],
        )
        return client.client_id, secret


@pytest.fixture
def browser(client):
    return HostedClient(client)


def signed_in_tokens(browser, person, web_app, scope="openid email offline_access widgets:read"):
    """Authorize → sign in → allow → exchange the code: the token response."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    query = {
        "response_type": "code",
        "client_id": web_app[0],
        "redirect_uri": REDIRECT,
        "scope": scope,
        "state": "s1",
        "code_challenge": challenge.rstrip(b"=").decode(),
        "code_challenge_method": "S256",
    }
    answer = browser.get(f"/api/v1/oauth/authorize?{urlencode(query)}")
    if answer.status_code == 303 and answer.location.startswith("/signin"):
        answer = browser.get(
            browser.sign_in(person.email, person.password, answer.location).location
        )
    if answer.status_code == 303 and answer.location.startswith("/consent"):
        answer = browser.submit(browser.get(answer.location), decision="allow")
    assert answer.status_code == 302, answer.get_data(as_text=True)
    code = parse_qs(urlsplit(answer.location).query)["code"][0]
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT,
        "code_verifier": verifier,
        "client_id": web_app[0],
        "client_secret": web_app[1],
    }
    response = browser.client.post("/api/v1/oauth/token", data=form)
    assert response.status_code == 200, response.json
    return response.json


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_a_person_lists_and_takes_back_a_consent(browser, create_account, web_app):
    person = create_account()
    tokens = signed_in_tokens(browser, person, web_app)
    listed = browser.client.get("/api/v1/auth/consents", headers=person.headers).json["consents"]
    assert [(c["client_id"], c["client_name"]) for c in listed] == [(web_app[0], "Example app")]
    assert listed[0]["scopes"] == ["openid", "email", "offline_access", "widgets:read"]

    response = browser.client.delete(f"/api/v1/auth/consents/{web_app[0]}", headers=person.headers)
    assert response.status_code == 204
    assert (
        browser.client.get("/api/v1/widgets", headers=bearer(tokens["access_token"])).status_code
        == 401
    )
    refresh = {
        "grant_type": "refresh_token",
        "refresh_token": tokens["refresh_token"],
        "client_id": web_app[0],
        "client_secret": web_app[1],
    }
    refused = browser.client.post("/api/v1/oauth/token", data=refresh)
    assert (refused.status_code, refused.json["error"]) == (400, "invalid_grant")
    assert browser.client.get("/api/v1/auth/consents", headers=person.headers).json == {
        "consents": []
    }
    again = browser.client.delete(f"/api/v1/auth/consents/{web_app[0]}", headers=person.headers)
    assert again.status_code == 404


def test_consents_are_the_account_s_own_business(browser, create_account, web_app):
    person = create_account()
    tokens = signed_in_tokens(browser, person, web_app)
    refused = browser.client.get("/api/v1/auth/consents", headers=bearer(tokens["access_token"]))
    assert refused.status_code == 403
    assert 'scope="account"' in refused.headers["WWW-Authenticate"]


def test_a_consent_is_asked_once_per_scope(browser, create_account, web_app):
    person = create_account()
    signed_in_tokens(browser, person, web_app, scope="openid")
    signed_in_tokens(browser, person, web_app, scope="openid")  # no consent page this time
    query = {
        "response_type": "code",
        "client_id": web_app[0],
        "redirect_uri": REDIRECT,
        "scope": "openid email",
        "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        "code_challenge_method": "S256",
    }
    wider = browser.get(f"/api/v1/oauth/authorize?{urlencode(query)}")
    assert (wider.status_code, wider.location.split("?")[0]) == (303, "/consent")


def test_logout_with_a_hint_signs_out_and_returns_with_state(browser, create_account, web_app):
    person = create_account()
    tokens = signed_in_tokens(browser, person, web_app)
    query = {
        "id_token_hint": tokens["id_token"],
        "post_logout_redirect_uri": BYE,
        "state": "bye-1",
    }
    response = browser.get(f"/api/v1/oauth/logout?{urlencode(query)}")
    assert (response.status_code, response.location) == (302, f"{BYE}?state=bye-1")
    assert browser.get("/signed-in").status_code == 303  # no longer signed in here


def test_logout_without_a_hint_asks_first(browser, create_account, web_app):
    person = create_account()
    signed_in_tokens(browser, person, web_app)
    query = {"client_id": web_app[0], "post_logout_redirect_uri": BYE}
    asked = browser.get(f"/api/v1/oauth/logout?{urlencode(query)}")
    assert asked.status_code == 200
    assert "Example app" in asked.get_data(as_text=True)
    assert browser.get("/signed-in").status_code == 200  # still signed in
    forged = browser.post("/logout", data={"decision": "logout", **query})
    assert forged.status_code == 403
    confirmed = browser.submit(asked, decision="logout")
    assert (confirmed.status_code, confirmed.location) == (302, BYE)
    assert browser.get("/signed-in").status_code == 303


@pytest.mark.parametrize(
    "query",
    [
        {"post_logout_redirect_uri": "https://evil.example/"},
        {"client_id": "no-such-client", "post_logout_redirect_uri": BYE},
        {"post_logout_redirect_uri": BYE},  # no client to have registered it
        {"id_token_hint": "not-a-token", "post_logout_redirect_uri": "https://evil.example/"},
    ],
)
def test_logout_never_redirects_where_the_client_did_not_register(browser, web_app, query):
    if "post_logout_redirect_uri" in query and "client_id" not in query and len(query) == 1:
        query = (
            {**query, "client_id": web_app[0]}
            if query["post_logout_redirect_uri"] != BYE
            else query
        )
    response = browser.get(f"/api/v1/oauth/logout?{urlencode(query)}")
    assert response.status_code == 400
    assert "Location" not in response.headers

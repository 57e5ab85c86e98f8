"""Sign in with an OpenID Connect provider, against a real provider on a free port: the trip
there and back, the one-time code, creating and linking accounts, and every way a sign-in can
be forged or replayed (refused with a clear error, nothing created)."""

import re
from datetime import timedelta
from urllib.parse import urlencode

import jwt
import pytest
from conftest import PASSWORD, Account, account_in, enable_totp
from support.oidc_flow import (
    IDENTITIES,
    OIDC,
    PAGE,
    bearer,
    come_back,
    counts,
    exchange,
    provider_settings,
    sign_in,
    start,
)
from support.oidc_provider import (
    Provider,
    Relay,
    fragment_of,
    query_of,
    relayed,
    running_provider,
    serving,
)
from support.soft_authenticator import SoftAuthenticator

from app import create_app
from app.config import ConfigError, get_config
from app.security.sealing import new_data_key

PASSKEYS = "/api/v1/auth/passkeys"
INVALID_CODE = "That code is invalid, used or expired; sign in with the provider again."
LAST_WAY_IN = "This is your last way to sign in; add a password, a passkey or another first."


@pytest.fixture
def app(make_app, provider):
    return make_app(**provider_settings(provider.issuer))


def test_the_provider_list_names_each_provider_and_where_to_start(client):
    assert client.get(f"{OIDC}/providers").json == {
        "providers": [{"name": "mock", "authorize_url": f"http://localhost{OIDC}/mock/authorize"}]
    }


def test_authorize_sends_state_nonce_and_an_s256_challenge_and_binds_the_browser(client, provider):
    response = client.get(f"{OIDC}/mock/authorize")
    assert response.location.startswith(f"{provider.issuer}/oauth2/authorize?")
    query = query_of(response.location)
    assert query["response_type"] == "code" and query["client_id"] == "flask-jwt-api"
    assert query["redirect_uri"] == f"http://localhost{OIDC}/mock/callback"
    assert query["scope"] == "openid email profile"
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
    assert len(query["state"]) == 43 and len(query["nonce"]) == 43
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("signin-browser=") and "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie and "Max-Age=600" in cookie


def test_an_unknown_provider_is_404(client):
    response = client.get(f"{OIDC}/nobody/authorize")
    assert (response.status_code, response.json["message"]) == (
        404,
        "No sign-in provider of that name.",
    )


def test_a_first_sign_in_creates_a_user_without_a_password(app, client, provider):
    provider.add_user("ada-1", email="Ada@Example.com", email_verified=True)
    fragment = sign_in(client, provider, "ada-1")
    tokens = exchange(client, fragment["code"])
    assert (tokens.status_code, tokens.json["message"]) == (200, "successfully logged in")
    me = client.get("/api/v1/auth/user", headers=bearer(tokens)).json
    assert me["email"] == "ada@example.com" and me["email_verified"] is True
    password_login = client.post(
        "/api/v1/auth/login", json={"email": "ada@example.com", "password": PASSWORD}
    )
    assert password_login.status_code == 401
    identities = client.get(IDENTITIES, headers=bearer(tokens)).json["identities"]
    assert [(item["provider"], item["email"]) for item in identities] == [
        ("mock", "ada@example.com")
    ]


def test_the_second_sign_in_finds_the_same_user(app, client, provider):
    provider.add_user("ada-1", email="ada@example.com", email_verified=True)
    first = exchange(client, sign_in(client, provider, "ada-1")["code"])
    second = exchange(client, sign_in(client, provider, "ada-1")["code"])
    me = [client.get("/api/v1/auth/user", headers=bearer(r)).json for r in (first, second)]
    assert me[0]["public_id"] == me[1]["public_id"]
    assert counts(app) == (1, 1)


def test_the_identity_not_the_email_names_the_user(app, client, provider):
    provider.add_user("ada-1", email="ada@example.com", email_verified=True)
    exchange(client, sign_in(client, provider, "ada-1")["code"])
    provider.add_user("ada-1", email="ada.lovelace@example.com", email_verified=True)
    again = exchange(client, sign_in(client, provider, "ada-1")["code"])
    assert client.get("/api/v1/auth/user", headers=bearer(again)).json["email"] == "ada@example.com"
    identity = client.get(IDENTITIES, headers=bearer(again)).json["identities"][0]
    assert identity["email"] == "ada.lovelace@example.com"
    assert counts(app) == (1, 1)


def test_a_verified_email_links_to_the_verified_account(app, client, provider, create_account):
    account = create_account(email="grace@example.com")
    provider.add_user("grace-1", email="grace@example.com", email_verified=True)
    tokens = exchange(client, sign_in(client, provider, "grace-1")["code"])
    assert client.get("/api/v1/auth/user", headers=bearer(tokens)).json["public_id"] == (
        account.public_id
    )
    assert [
        item["provider"]
        for item in client.get(IDENTITIES, headers=account.headers).json["identities"]
    ] == ["mock"]


@pytest.mark.parametrize(
    ("provider_verified", "local_verified"), [(False, True), (True, False), (False, False)]
)
def test_an_address_not_verified_on_both_sides_needs_linking_from_the_account(
    app, client, provider, create_account, provider_verified, local_verified
):
    create_account(email="grace@example.com", verified=local_verified)
    provider.add_user("grace-1", email="grace@example.com", email_verified=provider_verified)
    why = "link_required" if provider_verified else "email_unverified"  # refused before a lookup
    assert sign_in(client, provider, "grace-1") == {"error": why}
    assert counts(app) == (1, 0)


def test_a_signed_in_user_links_an_identity_with_any_address(app, client, provider, create_account):
    account = create_account(email="grace@example.com")
    provider.add_user("grace-1", email="g.hopper@example.org", email_verified=False)
    fragment = sign_in(client, provider, "grace-1", headers=account.headers)
    assert "code" in fragment
    listed = client.get(IDENTITIES, headers=account.headers).json["identities"]
    assert [(item["provider"], item["email"]) for item in listed] == [
        ("mock", "g.hopper@example.org")
    ]
    later = exchange(client, sign_in(client, provider, "grace-1")["code"])
    assert client.get("/api/v1/auth/user", headers=bearer(later)).json["email"] == account.email


def test_an_identity_of_another_user_is_not_linked_again(app, client, provider, create_account):
    provider.add_user("ada-1", email="ada@example.com", email_verified=True)
    exchange(client, sign_in(client, provider, "ada-1")["code"])
    other = create_account()
    assert sign_in(client, provider, "ada-1", headers=other.headers) == {"error": "identity_taken"}
    assert client.get(IDENTITIES, headers=other.headers).json == {"identities": []}


def test_linking_needs_a_valid_token(client):
    response = client.get(f"{OIDC}/mock/authorize", headers={"Authorization": "Bearer nonsense"})
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_a_provider_without_an_address_creates_nobody(app, client, provider):
    provider.add_user("ada-1", name="Ada")
    assert sign_in(client, provider, "ada-1") == {"error": "email_missing"}
    assert counts(app) == (0, 0)


def test_a_replayed_state_is_refused(app, client, provider):
    provider.add_user("ada-1", email="ada@example.com", email_verified=True)
    back = provider.approve(start(client), "ada-1")
    assert "code" in come_back(client, back)
    assert come_back(client, back) == {"error": "invalid_state"}
    assert counts(app) == (1, 1)


def test_a_state_we_never_issued_is_refused(app, client, provider):
    provider.add_user("ada-1", email="ada@example.com", email_verified=True)
    start(client)  # the browser holds a key, but not for this state
    forged = provider.approve(start(client), "ada-1", state="x" * 43)
    assert come_back(client, forged) == {"error": "invalid_state"}
    assert counts(app) == (0, 0)


def test_a_state_started_in_another_browser_is_refused(app, client, provider):
    """Login CSRF: an attacker starts a sign-in and makes the victim's browser finish it."""
    provider.add_user("mallory", email="mallory@example.com", email_verified=True)
    back = provider.approve(start(app.test_client()), "mallory")
    assert come_back(client, back) == {"error": "invalid_state"}
    assert counts(app) == (0, 0)


def test_a_state_for_another_provider_is_refused(make_app, provider):
    two = {
        "OIDC_PROVIDERS": ["mock", "other"],
        "OIDC_OTHER_ISSUER": provider.issuer,
        "OIDC_OTHER_CLIENT_ID": "flask-jwt-api",
    }
    app = make_app(**provider_settings(provider.issuer) | two)
    browser = app.test_client()
    provider.add_user("ada-1", email="ada@example.com", email_verified=True)
    back = provider.approve(start(browser), "ada-1")
    as_other = back.replace("/oidc/mock/callback", "/oidc/other/callback")
    assert come_back(browser, as_other) == {"error": "invalid_state"}
    assert counts(app) == (0, 0)


def test_an_id_token_with_another_nonce_is_refused(app, client, provider):
    provider.add_user("ada-1", email="ada@example.com", email_verified=True)
    assert sign_in(client, provider, "ada-1", nonce="n" * 43) == {"error": "invalid_id_token"}
    assert counts(app) == (0, 0)


def test_an_id_token_for_another_audience_is_refused(make_app, provider):
    with relayed(provider, client_id_as="someone-else") as relay:
        app = make_app(**provider_settings(relay.issuer))
        client = app.test_client()
        relay.add_user("ada-1", email="ada@example.com", email_verified=True)
        fragment = sign_in(client, relay, "ada-1", client_id="someone-else")
        assert fragment == {"error": "invalid_id_token"}
        assert counts(app) == (0, 0)


def test_an_id_token_signed_by_another_key_is_refused(make_app, provider):
    with running_provider() as stranger, relayed(provider, jwks_from=stranger.issuer) as relay:
        app = make_app(**provider_settings(relay.issuer))
        client = app.test_client()
        relay.add_user("ada-1", email="ada@example.com", email_verified=True)
        assert sign_in(client, relay, "ada-1") == {"error": "invalid_id_token"}
        assert counts(app) == (0, 0)


def test_a_person_who_denies_at_the_provider_is_told(app, client, provider):
    assert come_back(client, provider.deny(start(client))) == {"error": "access_denied"}


def test_a_provider_that_cannot_be_reached_is_reported_to_the_page(make_app):
    with serving(lambda environ, start_response: []) as gone:
        pass  # the port is free again: nothing answers there
    client = make_app(**provider_settings(gone)).test_client()
    response = client.get(f"{OIDC}/mock/authorize")
    assert (response.status_code, response.location) == (302, f"{PAGE}#error=provider_error")


def test_the_one_time_code_works_once(app, client, provider):
    provider.add_user("ada-1", email="ada@example.com", email_verified=True)
    code = sign_in(client, provider, "ada-1")["code"]
    assert exchange(client, code).status_code == 200
    again = exchange(client, code)
    assert (again.status_code, again.json["errors"]) == (400, {"code": INVALID_CODE})


def test_the_one_time_code_expires_after_a_minute(app, client, provider, clock):
    provider.add_user("ada-1", email="ada@example.com", email_verified=True)
    code = sign_in(client, provider, "ada-1")["code"]
    clock.shift(timedelta(seconds=61))
    late = exchange(client, code)
    assert (late.status_code, late.json["errors"]) == (400, {"code": INVALID_CODE})


@pytest.mark.parametrize("code", ["", "x" * 43, "x" * 101, 42, None])
def test_a_wrong_code_is_a_400_on_code(client, code):
    response = exchange(client, code)
    assert response.status_code == 400 and "code" in response.json["errors"]


def test_the_code_may_start_a_cookie_session(app, client, provider):
    provider.add_user("ada-1", email="ada@example.com", email_verified=True)
    code = sign_in(client, provider, "ada-1")["code"]
    response = exchange(client, code, refresh_transport="cookie")
    assert response.status_code == 200 and "refresh_token" not in response.json
    cookies = response.headers.getlist("Set-Cookie")
    assert any(cookie.startswith("refresh=") and "HttpOnly" in cookie for cookie in cookies)


def test_two_factor_is_still_asked(app, client, provider, clock):
    provider.add_user("ada-1", email="ada@example.com", email_verified=True)
    tokens = exchange(client, sign_in(client, provider, "ada-1")["code"])
    me = client.get("/api/v1/auth/user", headers=bearer(tokens)).json
    totp = enable_totp(client, Account(me["email"], "", me["public_id"], bearer(tokens), ""))
    asked = exchange(client, sign_in(client, provider, "ada-1")["code"])
    assert (asked.status_code, asked.json["error"]) == (401, "mfa_required")
    clock.shift(timedelta(seconds=30))  # the next code: the one that turned it on is spent
    finished = client.post(
        "/api/v1/auth/login/mfa", json={"mfa_token": asked.json["mfa_token"], "code": totp.now()}
    )
    assert finished.status_code == 200
    claims = jwt.decode(finished.json["access_token"], options={"verify_signature": False})
    assert claims["amr"] == ["fed", "otp", "mfa"]


def test_a_disabled_account_gets_no_code(app, client, provider, runner):
    provider.add_user("ada-1", email="ada@example.com", email_verified=True)
    exchange(client, sign_in(client, provider, "ada-1")["code"])
    assert runner.invoke(args=["disable-user", "ada@example.com"]).exit_code == 0
    assert sign_in(client, provider, "ada-1") == {"error": "account_disabled"}


def test_unlinking_keeps_the_last_way_in(app, client, provider):
    provider.add_user("ada-1", email="ada@example.com", email_verified=True)
    tokens = exchange(client, sign_in(client, provider, "ada-1")["code"])
    identity = client.get(IDENTITIES, headers=bearer(tokens)).json["identities"][0]
    refused = client.delete(f"{IDENTITIES}/{identity['id']}", headers=bearer(tokens))
    assert (refused.status_code, refused.json["message"]) == (409, LAST_WAY_IN)
    assert counts(app) == (1, 1)


def test_unlinking_with_a_password_left(app, client, provider, create_account):
    account = create_account(email="grace@example.com")
    provider.add_user("grace-1", email="grace@example.com", email_verified=True)
    exchange(client, sign_in(client, provider, "grace-1")["code"])
    identity = client.get(IDENTITIES, headers=account.headers).json["identities"][0]
    assert (
        client.delete(f"{IDENTITIES}/{identity['id']}", headers=account.headers).status_code == 204
    )
    assert client.get(IDENTITIES, headers=account.headers).json == {"identities": []}
    gone = client.delete(f"{IDENTITIES}/{identity['id']}", headers=account.headers)
    assert (gone.status_code, gone.json["message"]) == (404, "No identity of yours with that id.")


def test_someone_elses_identity_is_404(app, client, provider, create_account):
    provider.add_user("ada-1", email="ada@example.com", email_verified=True)
    tokens = exchange(client, sign_in(client, provider, "ada-1")["code"])
    identity = client.get(IDENTITIES, headers=bearer(tokens)).json["identities"][0]
    other = create_account()
    assert client.delete(f"{IDENTITIES}/{identity['id']}", headers=other.headers).status_code == 404
    assert counts(app) == (2, 1)


def test_a_user_without_a_password_sets_one_by_reset(app, client, provider, mailbox, deliver):
    provider.add_user("ada-1", email="ada@example.com", email_verified=True)
    exchange(client, sign_in(client, provider, "ada-1")["code"])
    client.post("/api/v1/auth/password-reset", json={"email": "ada@example.com"})
    deliver()
    token = mailbox.token_in(mailbox.messages[-1])
    body = {"token": token, "new_password": "new-horse-battery-7"}
    assert client.post("/api/v1/auth/password-reset/confirm", json=body).status_code == 200
    login = {"email": "ada@example.com", "password": "new-horse-battery-7"}
    assert client.post("/api/v1/auth/login", json=login).status_code == 200


def test_provider_settings_are_checked_at_start_up(monkeypatch):
    monkeypatch.setenv("OIDC_PROVIDERS", "keycloak")
    with pytest.raises(ConfigError, match="OIDC_KEYCLOAK_ISSUER must be the provider's URL"):
        get_config("development")
    monkeypatch.setenv("OIDC_KEYCLOAK_ISSUER", "https://id.example.com/realms/staff")
    monkeypatch.setenv("OIDC_KEYCLOAK_CLIENT_ID", "api")
    with pytest.raises(ConfigError, match="OIDC_RETURN_URL"):
        get_config("development")
    monkeypatch.setenv("OIDC_RETURN_URL", f"{PAGE}#code={{code}}")
    assert (
        get_config("development")["OIDC_KEYCLOAK_ISSUER"] == "https://id.example.com/realms/staff"
    )
    monkeypatch.setenv("OIDC_KEYCLOAK_SCOPES", "email profile")
    with pytest.raises(ConfigError, match="must include openid"):
        get_config("development")


def test_a_passkey_may_replace_the_identity_but_not_go_last(app, client, provider):
    provider.add_user("ada-1", email="ada@example.com", email_verified=True)
    headers = bearer(exchange(client, sign_in(client, provider, "ada-1")["code"]))
    options = client.post(f"{PASSKEYS}/register/options", headers=headers).json
    body = {"credential": SoftAuthenticator().create(options), "name": "laptop"}
    passkey = client.post(PASSKEYS, json=body, headers=headers).json
    identity = client.get(IDENTITIES, headers=headers).json["identities"][0]
    assert client.delete(f"{IDENTITIES}/{identity['id']}", headers=headers).status_code == 204
    refused = client.delete(f"{PASSKEYS}/{passkey['id']}", headers=headers)
    assert (refused.status_code, refused.json["message"]) == (409, LAST_WAY_IN)
    assert [item["id"] for item in client.get(PASSKEYS, headers=headers).json["passkeys"]] == [
        passkey["id"]
    ]


def test_abandoned_trips_and_codes_are_pruned(app, client, provider, runner, clock):
    provider.add_user("ada-1", email="ada@example.com", email_verified=True)
    start(client)  # never comes back
    sign_in(client, provider, "ada-1")  # its code never exchanged
    assert "Removed 0 expired rows from oidc_state." in runner.invoke(args=["prune-tokens"]).output
    clock.shift(timedelta(minutes=11))
    result = runner.invoke(args=["prune-tokens"])
    assert "Removed 2 expired rows from oidc_state." in result.output  # both trips
    assert "Removed 1 expired rows from oidc_sign_in_code." in result.output


def test_starting_sign_ins_is_rate_limited(make_app, provider):
    limits = {"RATELIMIT_ENABLED": True, "RATELIMIT_OIDC_AUTHORIZE": "2 per minute"}
    client = make_app(**provider_settings(provider.issuer) | limits).test_client()
    statuses = [client.get(f"{OIDC}/mock/authorize").status_code for _ in range(3)]
    assert statuses == [302, 302, 429]


def test_a_provider_s_new_signing_key_is_fetched(make_app, provider):
    """A provider rotates its keys behind the same address: the kept key set is fetched again."""
    relay = Relay(provider.issuer)
    with running_provider() as rotated, serving(relay) as issuer:
        app = make_app(**provider_settings(issuer))
        client, behind_relay = app.test_client(), Provider(issuer)
        behind_relay.add_user("ada-1", email="ada@example.com", email_verified=True)
        assert "code" in sign_in(client, behind_relay, "ada-1")
        relay.upstream = rotated.issuer  # same issuer URL, new keys
        behind_relay.add_user("ada-1", email="ada@example.com", email_verified=True)
        assert "code" in sign_in(client, behind_relay, "ada-1")
        assert counts(app) == (1, 1)


def cookie_login(client, account):
    body = {"email": account.email, "password": account.password, "refresh_transport": "cookie"}
    assert client.post("/api/v1/auth/login", json=body).status_code == 200


def test_a_browser_s_cookie_session_links_by_navigating(app, client, provider, create_account):
    """A page cannot send a bearer token with a navigation; its refresh cookie (SameSite=Strict,
    so only from our own site) says who is signed in."""
    account = create_account(email="grace@example.com")
    cookie_login(client, account)
    provider.add_user("grace-1", email="g.hopper@example.org", email_verified=False)
    assert "code" in sign_in(client, provider, "grace-1")
    listed = client.get(IDENTITIES, headers=account.headers).json["identities"]
    assert [item["email"] for item in listed] == ["g.hopper@example.org"]
    assert counts(app) == (1, 1)


def test_an_ended_cookie_session_links_nothing(app, client, provider, create_account):
    account = create_account(email="grace@example.com")
    cookie_login(client, account)
    assert client.post("/api/v1/auth/logout-all", headers=account.headers).status_code == 200
    provider.add_user("grace-1", email="g.hopper@example.org", email_verified=True)
    exchange(client, sign_in(client, provider, "grace-1")["code"])  # a new account of its own
    assert counts(app) == (2, 1)


def test_a_subject_longer_than_oidc_allows_is_refused(app, client, provider):
    provider.add_user("s" * 256, email="ada@example.com", email_verified=True)
    assert sign_in(client, provider, "s" * 256) == {"error": "invalid_id_token"}
    assert counts(app) == (0, 0)


def test_email_verified_sent_as_text_counts(app, client, provider, create_account):
    """Some providers (Amazon Cognito, say) send the string "true"."""
    account = create_account(email="grace@example.com")
    provider.add_user("grace-1", email="grace@example.com", email_verified="true")
    tokens = exchange(client, sign_in(client, provider, "grace-1")["code"])
    me = client.get("/api/v1/auth/user", headers=bearer(tokens)).json
    assert me["public_id"] == account.public_id


def test_any_other_error_of_the_provider_is_a_provider_error(app, client, provider):
    state = query_of(start(client))["state"]
    answer = {"error": "temporarily_unavailable", "state": state}
    assert come_back(client, f"{OIDC}/mock/callback?{urlencode(answer)}") == {
        "error": "provider_error"
    }
    assert counts(app) == (0, 0)


@pytest.mark.parametrize(
    ("settings", "problem"),
    [
        ({"OIDC_PROVIDERS": ["Key Cloak"]}, "OIDC_PROVIDERS must be names of lower-case"),
        ({"OIDC_MOCK_CLIENT_ID": ""}, "OIDC_MOCK_CLIENT_ID is unset"),
        ({"OIDC_MOCK_ISSUER": "id.example.com"}, "OIDC_MOCK_ISSUER must be the provider's URL"),
        ({"OIDC_RETURN_URL": "https://app.example.com/?code={code}"}, "OIDC_RETURN_URL"),
    ],
)
def test_a_wrong_provider_setting_stops_start_up(settings, problem):
    with pytest.raises(ConfigError, match=re.escape(problem)):
        create_app("testing", **provider_settings("https://id.example.com") | settings)


def test_production_refuses_a_plain_http_issuer():
    safe = {
        "SECRET_KEY": "k" * 40,
        "DATA_ENCRYPTION_KEYS": [new_data_key()],
        "PUBLIC_URL": "https://api.example.com",
        "DATABASE_URL": "sqlite://",
    }
    with pytest.raises(ConfigError, match="OIDC_MOCK_ISSUER must be https"):
        create_app("production", **provider_settings("http://id.example.com") | safe)


def test_a_stale_cookie_session_must_step_up_before_linking(make_app, provider, clock):
    """Linking adds a way in: a browser whose sign-in is older than REAUTH_MAX_AGE is sent back
    to the page to confirm it is them, and nothing is linked."""
    app = make_app(**provider_settings(provider.issuer), REAUTH_MAX_AGE=30)
    client = app.test_client()
    cookie_login(client, account_in(app, email="grace@example.com"))
    clock.shift(timedelta(seconds=31))  # the cookie still lives: refresh tokens last 60 s here
    response = client.get(f"{OIDC}/mock/authorize")
    assert response.location == f"{PAGE}#error=step_up_required"
    assert counts(app) == (1, 0)


def test_linking_tells_the_owner(app, client, provider, create_account, mailbox, deliver):
    account = create_account(email="grace@example.com")
    provider.add_user("grace-1", email="g.hopper@example.org", email_verified=False)
    assert "code" in sign_in(client, provider, "grace-1", headers=account.headers)
    deliver()
    (notice,) = [m for m in mailbox.messages if m["To"] == account.email]
    assert "can now sign you in" in mailbox.text_of(notice)


def test_a_provider_that_does_not_vouch_for_the_address_makes_no_account(app, client, provider):
    provider.add_user("eve-1", email="victim@example.com", email_verified=False)
    assert sign_in(client, provider, "eve-1") == {"error": "email_unverified"}
    assert counts(app) == (0, 0)


def test_a_spent_refresh_cookie_links_nothing(app, client, provider, create_account):
    """A copy of a refresh token that has been used since speaks for nobody: only the newest
    of a chain is a live cookie session."""
    account = create_account(email="grace@example.com")
    cookie_login(client, account)
    spent = client.get_cookie("refresh").value
    refreshed = client.post(
        "/api/v1/auth/refresh", headers={"X-CSRF-Token": client.get_cookie("csrf").value}
    )
    assert refreshed.status_code == 200
    thief = app.test_client()
    thief.set_cookie("refresh", spent)
    provider.add_user("eve-1", email="eve@example.org", email_verified=True)
    exchange(thief, sign_in(thief, provider, "eve-1")["code"])  # her own account, nothing more
    assert client.get(IDENTITIES, headers=account.headers).json["identities"] == []


def test_an_unverified_address_links_no_provider(app, client, provider, create_account):
    account = create_account(email="grace@example.com", verified=False)
    refused = client.get(f"{OIDC}/mock/authorize", headers=account.headers)
    assert (refused.status_code, refused.json["message"]) == (
        403,
        "Verify your email address first",
    )
    cookie_login(client, account)
    assert client.get(f"{OIDC}/mock/authorize").location == f"{PAGE}#error=verify_email_first"
    assert counts(app) == (1, 0)


def test_ending_the_session_a_link_started_from_ends_the_link(
    app, client, provider, create_account
):
    """A thief who started linking from a stolen session gets nothing once the owner ends it."""
    owner = create_account(email="grace@example.com")
    provider.add_user("eve-1", email="eve@example.org", email_verified=True)
    way_back = provider.approve(start(client, owner.headers), "eve-1")
    url = f"/api/v1/auth/sessions/{owner.session_id}"
    assert client.delete(url, headers=owner.headers).status_code == 204
    assert come_back(client, way_back) == {"error": "invalid_state"}
    assert counts(app) == (1, 0)


NATIVE_APP = "com.example.app:/signed-in"  # a native app's private-use scheme (RFC 8252)


@pytest.fixture
def two_front_ends(make_app, provider):
    pages = [f"{PAGE}#code={{code}}", f"{NATIVE_APP}#code={{code}}"]
    return make_app(**provider_settings(provider.issuer), OIDC_RETURN_URLS=pages).test_client()


def test_a_sign_in_comes_back_to_the_front_end_it_started_from(two_front_ends, provider):
    provider.add_user("ada-1", email="ada@example.com", email_verified=True)
    started = two_front_ends.get(f"{OIDC}/mock/authorize?{urlencode({'return_to': NATIVE_APP})}")
    back = two_front_ends.get(provider.approve(started.location, "ada-1"))
    assert back.status_code == 302 and back.location.startswith(f"{NATIVE_APP}#code=")
    assert exchange(two_front_ends, fragment_of(back.location)["code"]).status_code == 200


def test_without_return_to_the_first_front_end_is_the_page(two_front_ends, provider):
    provider.add_user("ada-1", email="ada@example.com", email_verified=True)
    assert "code" in sign_in(two_front_ends, provider, "ada-1")


def test_a_refusal_goes_back_to_the_front_end_that_asked(two_front_ends, provider):
    provider.add_user("ada-1", email="ada@example.com", email_verified=False)
    started = two_front_ends.get(f"{OIDC}/mock/authorize?{urlencode({'return_to': NATIVE_APP})}")
    back = two_front_ends.get(provider.approve(started.location, "ada-1"))
    assert back.location == f"{NATIVE_APP}#error=email_unverified"


@pytest.mark.parametrize(
    "return_to", ["https://evil.example/signed-in", f"{PAGE}#code=x", f"{PAGE}/", ""]
)
def test_a_page_not_listed_is_400(two_front_ends, return_to):
    response = two_front_ends.get(f"{OIDC}/mock/authorize?{urlencode({'return_to': return_to})}")
    assert response.status_code == 400
    assert response.json["errors"] == {
        "return_to": "return_to must be the URL, before its #, of one of OIDC_RETURN_URLS."
    }


@pytest.mark.parametrize(
    ("page", "refused"),
    [
        ("http://app.example.com/signed-in#code={code}", True),
        ("HTTP://app.example.com/signed-in#code={code}", True),
        ("http://localhost:3000/signed-in#code={code}", False),
        (f"{NATIVE_APP}#code={{code}}", False),
    ],
)
@pytest.mark.usefixtures("id_token_key")
def test_production_takes_return_pages_over_https_localhost_or_an_app(monkeypatch, page, refused):
    settings = provider_settings("https://accounts.example.com")
    for name, value in settings.items():
        monkeypatch.setenv(name, ",".join(value) if isinstance(value, list) else value)
    monkeypatch.setenv("OIDC_RETURN_URLS", f"https://app.example.com/in#code={{code}},{page}")
    monkeypatch.setenv("SECRET_KEY", "s" * 64)
    monkeypatch.setenv("DATA_ENCRYPTION_KEYS", new_data_key())
    monkeypatch.setenv("PUBLIC_URL", "https://api.example.com")
    if refused:
        with pytest.raises(ConfigError, match="must be https"):
            create_app("production", DATABASE_URL="sqlite://")
    else:
        assert (
            create_app("production", DATABASE_URL="sqlite://").config["OIDC_RETURN_URLS"][1] == page
        )


@pytest.mark.parametrize(
    ("pages", "problem"),
    [
        ("http:evil.example/s#code={code}", "must name its host after //"),
        ("http://evil.example\\@localhost/s#code={code}", "must not hold backslashes"),
        ("javascript:alert(1)//#code={code}", "must be a web page or an app's URL"),
        ("#code={code}", "must be a web page or an app's URL"),
        ("https://app.example/in?c={code}#code={code}", "{code} after its # and nowhere else"),
        (f"{PAGE}#code={{code}},{PAGE}#next=1&code={{code}}", "two pages with one URL"),
    ],
)
def test_a_return_page_a_browser_could_read_otherwise_is_refused(provider, pages, problem):
    settings = provider_settings(provider.issuer) | {"OIDC_RETURN_URLS": pages.split(",")}
    with pytest.raises(ConfigError, match=re.escape(problem)):
        create_app("testing", DATABASE_URL="sqlite://", **settings)

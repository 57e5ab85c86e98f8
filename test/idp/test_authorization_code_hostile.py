"""The authorization code flow's hostile requests, each refused as RFC 6749, RFC 7636,
RFC 9700, OpenID Connect Core and API.md say, with `iss` on every answer that goes back to the
client, and never a 500: wrong redirect URIs and clients, PKCE, codes reused, stolen or late,
tokens used where they do not belong, CSRF, odd parameters."""

import base64
from datetime import timedelta
from typing import Any

import pytest
from conftest import Account
from flask import Flask
from flask.testing import FlaskClient
from support.hosted_pages import SITE, HostedClient, the_form
from support.idp_flow import (
    AUTHORIZE,
    REDIRECT,
    TOKEN,
    USERINFO,
    authorize_url,
    bearer,
    exchange,
    granted,
    is_error_page,
    pkce_pair,
    refresh,
    registered,
    sent_back,
)

from app import db
from app.api.clients.business import change
from app.models import AuthorizationCode, User
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


@pytest.mark.parametrize(
    "redirect_uri",
    [
        "https://evil.example.com/cb",
        "https://app.example.com/c",  # a prefix of the registered one
        "https://app.example.com/cb/more",  # the registered one as a prefix
        "https://app.example.com:8443/cb",
        "https://app.example.com/cb/",
        "https://app.example.com/cb?next=x",
        "http://app.example.com/cb",
        "https://APP.example.com/cb",
        "",
    ],
)
@pytest.mark.parametrize("signed_in", [False, True])
def test_an_unregistered_redirect_uri_gets_a_page_and_no_redirect(
    site: HostedClient, account: Account, web_app: Any, redirect_uri: str, signed_in: bool
) -> None:
    if signed_in:
        site.sign_in(account.email, account.password)
    url = authorize_url(web_app[0], pkce_pair()[1], redirect_uri=redirect_uri)
    assert is_error_page(site.get(url))
    assert is_error_page(site.get(url.replace(AUTHORIZE, "/consent")))


@pytest.mark.parametrize("client_id", ["no-such-client", "", "x" * 500])
def test_an_unknown_client_gets_a_page_and_no_redirect(site: HostedClient, client_id: str) -> None:
    assert is_error_page(site.get(authorize_url(client_id, pkce_pair()[1])))


def test_a_code_used_twice_is_refused_and_ends_what_it_gave(
    client: FlaskClient, site: HostedClient, account: Account, web_app: Any
) -> None:
    done = granted(site, account, web_app[0])
    first = exchange(client, web_app, done.code, done.verifier).json
    again = exchange(client, web_app, done.code, done.verifier)
    assert (again.status_code, again.json["error"]) == (400, "invalid_grant")
    refused = client.get("/api/v1/widgets", headers=bearer(first["access_token"]))
    assert refused.status_code == 401
    assert 'error="invalid_token"' in refused.headers["WWW-Authenticate"]
    assert refresh(client, web_app, first["refresh_token"]).json["error"] == "invalid_grant"


@pytest.mark.parametrize(
    ("verifier", "error"),
    [
        (pkce_pair()[0], "invalid_grant"),  # another request's verifier
        (None, "invalid_request"),
        ("", "invalid_request"),
        ("short", "invalid_request"),  # RFC 7636, 4.1: 43 to 128 characters
    ],
)
def test_a_wrong_or_missing_code_verifier_is_refused(
    client: FlaskClient, site: HostedClient, account: Account, web_app: Any, verifier, error
) -> None:
    done = granted(site, account, web_app[0])
    response = exchange(client, web_app, done.code, verifier)
    assert (response.status_code, response.json["error"]) == (400, error)
    assert "access_token" not in response.json


@pytest.mark.parametrize("kind", ["confidential", "public"])
@pytest.mark.parametrize(
    "pkce",
    [
        {"code_challenge": None},
        {"code_challenge": None, "code_challenge_method": None},
        {"code_challenge_method": "plain"},
        {"code_challenge_method": None},
        {"code_challenge_method": "s256"},
    ],
)
@pytest.mark.parametrize("signed_in", [False, True])
def test_authorize_without_s256_pkce_goes_back_invalid_request(
    app: Flask, site: HostedClient, account: Account, kind: str, pkce: Any, signed_in: bool
) -> None:
    client_id, _ = registered(app, type=kind, first_party=True)
    if signed_in:
        site.sign_in(account.email, account.password)
    params = sent_back(site.get(authorize_url(client_id, pkce_pair()[1], **pkce)))
    assert (params["error"], params["state"]) == ("invalid_request", "st-1")
    assert "code" not in params


@pytest.mark.parametrize("response_type", ["token", "id_token", "code id_token", "code token", ""])
def test_no_implicit_or_hybrid_flow(
    site: HostedClient, account: Account, web_app: Any, response_type: str
) -> None:
    site.sign_in(account.email, account.password)
    url = authorize_url(web_app[0], pkce_pair()[1], response_type=response_type)
    answer = site.get(url)
    assert answer.status_code in (302, 400), answer.status_code
    if answer.status_code == 302:
        params = sent_back(answer)
        assert params["error"] in ("unsupported_response_type", "invalid_request")
        assert "code" not in params and "access_token" not in answer.headers["Location"]
    else:
        assert is_error_page(answer)


def test_a_public_client_may_not_use_client_credentials(app: Flask, client: FlaskClient) -> None:
    client_id, _ = registered(app, type="public")
    form = {"grant_type": "client_credentials", "client_id": client_id}
    response = client.post(TOKEN, data=form)
    assert (response.status_code, response.json["error"]) == (400, "unauthorized_client")


@pytest.mark.parametrize("how", ["basic", "post"])
def test_a_wrong_client_secret_is_invalid_client(
    client: FlaskClient, site: HostedClient, account: Account, web_app: Any, how: str
) -> None:
    done = granted(site, account, web_app[0])
    form = {"grant_type": "authorization_code", "code": done.code, "redirect_uri": REDIRECT}
    form |= {"code_verifier": done.verifier}
    if how == "basic":
        basic = base64.b64encode(f"{web_app[0]}:wrong".encode()).decode()
        response = client.post(TOKEN, data=form, headers={"Authorization": f"Basic {basic}"})
        assert response.headers["WWW-Authenticate"].startswith("Basic ")
    else:
        response = client.post(TOKEN, data=form | {"client_id": web_app[0], "client_secret": "x"})
    assert (response.status_code, response.json["error"]) == (401, "invalid_client")
    assert exchange(client, web_app, done.code, done.verifier).status_code == 200  # not spent


def test_prompt_none_without_a_session_is_login_required(site: HostedClient, web_app: Any) -> None:
    params = sent_back(site.get(authorize_url(web_app[0], pkce_pair()[1], prompt="none")))
    assert (params["error"], params["state"]) == ("login_required", "st-1")


def test_prompt_none_without_consent_is_consent_required(
    site: HostedClient, account: Account, web_app: Any
) -> None:
    site.sign_in(account.email, account.password)
    params = sent_back(site.get(authorize_url(web_app[0], pkce_pair()[1], prompt="none")))
    assert (params["error"], params["state"]) == ("consent_required", "st-1")


def test_deny_at_consent_is_access_denied_and_remembers_nothing(
    site: HostedClient, account: Account, web_app: Any
) -> None:
    done = granted(site, account, web_app[0], decision="deny")
    assert (done.params["error"], done.params["state"]) == ("access_denied", "st-1")
    assert done.params["iss"] == SITE and "code" not in done.params
    again = site.get(authorize_url(web_app[0], pkce_pair()[1]))
    assert again.status_code == 303 and again.headers["Location"].startswith("/consent?")


def test_a_code_is_only_its_own_clients(
    app: Flask, client: FlaskClient, site: HostedClient, account: Account, web_app: Any
) -> None:
    other = registered(app, name="Other app")
    done = granted(site, account, web_app[0])
    stolen = exchange(client, other, done.code, done.verifier)
    assert (stolen.status_code, stolen.json["error"]) == (400, "invalid_grant")
    assert exchange(client, web_app, done.code, done.verifier).status_code == 200


def test_a_code_for_another_redirect_uri_is_refused(
    app: Flask, client: FlaskClient, site: HostedClient, account: Account
) -> None:
    credentials = registered(app, redirect_uris=[REDIRECT, "https://app.example.com/other"])
    done = granted(site, account, credentials[0])
    form = {"grant_type": "authorization_code", "code": done.code, "code_verifier": done.verifier}
    form |= {"client_id": credentials[0], "client_secret": credentials[1]}
    other = client.post(TOKEN, data=form | {"redirect_uri": "https://app.example.com/other"})
    assert (other.status_code, other.json["error"]) == (400, "invalid_grant")


def test_a_code_lives_60_seconds(
    clock: Any, client: FlaskClient, site: HostedClient, account: Account, web_app: Any
) -> None:
    done = granted(site, account, web_app[0])
    clock.shift(timedelta(seconds=61))
    response = exchange(client, web_app, done.code, done.verifier)
    assert (response.status_code, response.json["error"]) == (400, "invalid_grant")


def test_userinfo_takes_only_a_token_a_person_granted_a_client(
    app: Flask, client: FlaskClient, account: Account
) -> None:
    partner = registered(
        app, grant_types=["client_credentials"], scopes=["widgets:read"], redirect_uris=[]
    )
    form = {"grant_type": "client_credentials", "client_id": partner[0]}
    own = client.post(TOKEN, data=form | {"client_secret": partner[1]}).json["access_token"]
    for headers in (bearer(own), account.headers):
        answer = client.get(USERINFO, headers=headers)
        assert answer.status_code == 403, answer.json
    assert client.get(USERINFO).status_code == 401


def test_userinfo_needs_the_openid_scope(
    client: FlaskClient, site: HostedClient, account: Account, web_app: Any
) -> None:
    done = granted(site, account, web_app[0], scope="widgets:read")
    access = exchange(client, web_app, done.code, done.verifier).json["access_token"]
    assert client.get(USERINFO, headers=bearer(access)).status_code == 403


@pytest.mark.parametrize("csrf_token", [None, "", "forged"])
def test_consent_without_its_csrf_token_is_refused(
    app: Flask, site: HostedClient, account: Account, web_app: Any, csrf_token: str | None
) -> None:
    site.sign_in(account.email, account.password)
    page = site.get(site.get(authorize_url(web_app[0], pkce_pair()[1])).headers["Location"])
    form = the_form(page)
    data = {"decision": "allow"} | ({} if csrf_token is None else {"csrf_token": csrf_token})
    answer = site.post(form["action"], data=data)
    assert answer.status_code == 403 and "Location" not in answer.headers
    assert answer.mimetype == "text/html"
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(AuthorizationCode.code_hash))) == 0


@pytest.mark.parametrize("state", ["a b&c=d/é%25+x", "x" * 300, "=="])
def test_the_state_comes_back_exactly(
    site: HostedClient, account: Account, web_app: Any, state: str
) -> None:
    assert granted(site, account, web_app[0], state=state).params["state"] == state
    denied = granted(site, account, web_app[0], state=state, prompt="consent", decision="deny")
    assert denied.params["state"] == state


def test_no_state_sent_none_returned(site: HostedClient, account: Account, web_app: Any) -> None:
    assert "state" not in granted(site, account, web_app[0], state=None).params


def test_a_nonce_is_never_accepted_twice(
    site: HostedClient, account: Account, web_app: Any
) -> None:
    granted(site, account, web_app[0], nonce="once")
    params = sent_back(site.get(authorize_url(web_app[0], pkce_pair()[1], nonce="once")))
    assert "code" not in params and params["error"] == "invalid_request"


@pytest.mark.parametrize("scope", ["users:read", "openid profile:everything", "", "widgets:write"])
def test_a_scope_the_client_may_not_ask_goes_back_invalid_scope(
    site: HostedClient, account: Account, web_app: Any, scope: str
) -> None:
    site.sign_in(account.email, account.password)
    params = sent_back(site.get(authorize_url(web_app[0], pkce_pair()[1], scope=scope)))
    assert (params["error"], params["state"]) == ("invalid_scope", "st-1")


def test_a_tampered_consent_post_gets_a_page_and_no_code(
    app: Flask, site: HostedClient, account: Account, web_app: Any
) -> None:
    site.sign_in(account.email, account.password)
    page = site.get(site.get(authorize_url(web_app[0], pkce_pair()[1])).headers["Location"])
    form = the_form(page)
    action = form["action"].replace("app.example.com", "evil.example.com")
    answer = site.post(action, data=form["fields"] | {"decision": "allow"})
    assert is_error_page(answer)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(AuthorizationCode.code_hash))) == 0


@pytest.mark.parametrize("extra", [{"prompt": "login"}, {"max_age": "0"}])
def test_prompt_login_and_max_age_ask_to_sign_in_again(
    clock: Any, site: HostedClient, account: Account, web_app: Any, extra: dict[str, str]
) -> None:
    granted(site, account, web_app[0])
    clock.shift(timedelta(seconds=5))
    again = site.get(authorize_url(web_app[0], pkce_pair()[1], **extra))
    assert again.status_code == 303 and again.headers["Location"].startswith("/signin?")
    silent = {"prompt": " ".join(filter(None, ["none", extra.get("prompt")]))}
    params = sent_back(site.get(authorize_url(web_app[0], pkce_pair()[1], **(extra | silent))))
    assert params["error"] in ("login_required", "invalid_request") and "code" not in params


def test_the_token_request_must_name_the_same_redirect_uri(
    client: FlaskClient, site: HostedClient, account: Account, web_app: Any
) -> None:
    done = granted(site, account, web_app[0])
    form = {"grant_type": "authorization_code", "code": done.code, "code_verifier": done.verifier}
    form |= {"client_id": web_app[0], "client_secret": web_app[1]}
    response = client.post(TOKEN, data=form)  # RFC 6749, 4.1.3: required when it was sent
    assert (response.status_code, response.json["error"]) == (400, "invalid_grant")


def test_a_refresh_token_is_only_its_own_clients(
    app: Flask, client: FlaskClient, web_app: Any, tokens: Any
) -> None:
    other = registered(app, name="Other app")
    stolen = refresh(client, other, tokens["refresh_token"])
    assert (stolen.status_code, stolen.json["error"]) == (400, "invalid_grant")
    assert refresh(client, web_app, tokens["refresh_token"]).status_code == 200


def test_a_refresh_may_not_widen_the_scope(
    client: FlaskClient, site: HostedClient, account: Account, web_app: Any
) -> None:
    done = granted(site, account, web_app[0], scope="openid offline_access")
    body = exchange(client, web_app, done.code, done.verifier).json
    form = {"grant_type": "refresh_token", "refresh_token": body["refresh_token"]}
    form |= {"client_id": web_app[0], "client_secret": web_app[1], "scope": "openid email"}
    response = client.post(TOKEN, data=form)
    assert (response.status_code, response.json["error"]) == (400, "invalid_scope")


@pytest.mark.parametrize("kind", ["id_token", "refresh_token"])
def test_only_the_access_token_is_a_bearer_token(
    client: FlaskClient, tokens: Any, kind: str
) -> None:
    for path in ("/api/v1/widgets", USERINFO):
        refused = client.get(path, headers=bearer(tokens[kind]))
        assert refused.status_code == 401, (path, refused.json)


def test_a_clients_refresh_token_is_no_account_refresh_token(
    client: FlaskClient, tokens: Any
) -> None:
    answer = client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert answer.status_code in (400, 401, 403), answer.json
    assert "access_token" not in (answer.json or {})


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/api/v1/auth/logout-all"), ("DELETE", "/api/v1/auth/user")],
)
def test_the_access_token_never_acts_on_the_account(
    client: FlaskClient, tokens: Any, method: str, path: str
) -> None:
    answer = client.open(path, method=method, headers=bearer(tokens["access_token"]))
    assert answer.status_code == 403, answer.json
    assert 'scope="account"' in answer.headers["WWW-Authenticate"]


def test_a_disabled_person_gets_no_tokens_for_a_code(
    app: Flask, client: FlaskClient, site: HostedClient, account: Account, web_app: Any
) -> None:
    done = granted(site, account, web_app[0])
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(public_id=account.public_id))
        user.disabled = True
        db.session.commit()
    response = exchange(client, web_app, done.code, done.verifier)
    assert (response.status_code, response.json["error"]) == (400, "invalid_grant")


@pytest.mark.parametrize(
    "challenge", ["short", "x" * 200, "not base64url!" + "a" * 40, "\u00e9" * 43]
)
def test_a_malformed_code_challenge_goes_back_invalid_request(
    site: HostedClient, account: Account, web_app: Any, challenge: str
) -> None:
    site.sign_in(account.email, account.password)
    params = sent_back(site.get(authorize_url(web_app[0], challenge)))
    assert (params["error"], params["state"]) == ("invalid_request", "st-1")


@pytest.mark.parametrize(
    "extra",
    [
        {"state": "a\nb"},
        {"nonce": "\x00"},
        {"scope": "openid\u0000email"},
        {"login_hint": "x" * 5000},
        {"max_age": "-1"},
        {"max_age": "9" * 400},  # digits, but no timedelta holds it
        {"max_age": "1" + "0" * 20},
        {"max_age": "\u00b2"},  # str.isdigit() is true, int() refuses it
        {"prompt": "select_account"},
        {"response_mode": "fragment"},
        {"request": "eyJhbGciOiJub25lIn0.e30."},
    ],
    ids=[
        "state-newline",
        "nonce-nul",
        "scope-nul",
        "login_hint-long",
        "max_age-negative",
        "max_age-400-digits",
        "max_age-1e20",
        "max_age-superscript-two",
        "prompt-select_account",
        "response_mode-fragment",
        "request-object",
    ],
)
def test_odd_authorize_parameters_are_never_a_500(
    site: HostedClient, account: Account, web_app: Any, extra: dict[str, str]
) -> None:
    site.sign_in(account.email, account.password)
    granted(site, account, web_app[0])  # consent given: only the odd parameter is in the way
    answer = site.get(authorize_url(web_app[0], pkce_pair()[1], **extra))
    assert answer.status_code in (302, 400), answer.status_code
    if answer.status_code == 302:
        params = sent_back(answer)
        assert "error" in params or "code" in params


def test_a_confidential_client_must_authenticate_to_exchange(
    client: FlaskClient, site: HostedClient, account: Account, web_app: Any
) -> None:
    done = granted(site, account, web_app[0])
    response = exchange(client, (web_app[0], None), done.code, done.verifier)
    assert (response.status_code, response.json["error"]) == (401, "invalid_client")
    assert exchange(client, web_app, done.code, done.verifier).status_code == 200


def test_without_a_redirect_uri_never_a_500(
    client: FlaskClient, site: HostedClient, account: Account, web_app: Any
) -> None:
    site.sign_in(account.email, account.password)
    answer = site.get(authorize_url(web_app[0], pkce_pair()[1], redirect_uri=None))
    assert answer.status_code in (302, 303, 400), answer.status_code
    if answer.status_code == 400:
        assert is_error_page(answer)
    else:
        assert answer.headers["Location"].startswith((REDIRECT + "?", "/consent?"))


@pytest.mark.parametrize(
    "change",
    [
        {"code": "x" * 10_000},
        {"code": "\u00e9\u00e9"},
        {"code": ""},
        {"code_verifier": "a" * 10_000},
        {"redirect_uri": "https://app.example.com/cb/"},
        {"redirect_uri": "\u00e9"},
        {"grant_type": "authorization_code "},
        {"grant_type": "implicit"},
    ],
    ids=["code-long", "code-unicode", "code-empty", "verifier-long", "redirect-slash",
         "redirect-unicode", "grant-space", "grant-implicit"],
)  # fmt: skip
def test_odd_token_requests_are_refused_without_a_500(
    client: FlaskClient, site: HostedClient, account: Account, web_app: Any, change: Any
) -> None:
    done = granted(site, account, web_app[0])
    form = {"grant_type": "authorization_code", "code": done.code, "redirect_uri": REDIRECT}
    form |= {"code_verifier": done.verifier, "client_id": web_app[0], "client_secret": web_app[1]}
    response = client.post(TOKEN, data=form | change)
    assert response.status_code == 400, response.json
    assert response.json["error"] in (
        "invalid_request", "invalid_grant", "unsupported_grant_type",
    )  # fmt: skip


@pytest.mark.parametrize("kind", ["access_token", "refresh_token"])
def test_another_client_can_neither_read_nor_revoke_the_token(
    app: Flask, client: FlaskClient, web_app: Any, tokens: Any, kind: str
) -> None:
    other_id, other_secret = registered(app, name="Other app")
    basic = base64.b64encode(f"{other_id}:{other_secret}".encode()).decode()
    headers = {"Authorization": f"Basic {basic}"}
    form = {"token": tokens[kind]}
    seen = client.post("/api/v1/auth/introspect", data=form, headers=headers)
    assert seen.json == {"active": False}
    client.post("/api/v1/auth/revoke", data=form, headers=headers)  # RFC 7009, 2.1: not its own
    assert client.get(USERINFO, headers=bearer(tokens["access_token"])).status_code == 200
    assert refresh(client, web_app, tokens["refresh_token"]).status_code == 200


def test_consent_with_another_browsers_csrf_token_is_refused(
    app: Flask, create_account: Any, web_app: Any
) -> None:
    pages = []
    for person in (create_account(), create_account()):
        site = HostedClient(app.test_client())
        site.sign_in(person.email, person.password)
        start = site.get(authorize_url(web_app[0], pkce_pair()[1]))
        pages.append((site, the_form(site.get(start.headers["Location"]))))
    (victim, victim_form), (_, attacker_form) = pages
    data = {"decision": "allow", "csrf_token": attacker_form["fields"]["csrf_token"]}
    answer = victim.post(victim_form["action"], data=data)
    assert answer.status_code == 403 and "Location" not in answer.headers


def test_the_consent_page_cannot_be_framed_or_cached(
    site: HostedClient, account: Account, web_app: Any
) -> None:
    site.sign_in(account.email, account.password)
    page = site.get(site.get(authorize_url(web_app[0], pkce_pair()[1])).headers["Location"])
    assert page.status_code == 200
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert "no-store" in page.headers.get("Cache-Control", "")
    assert "Example app" in page.get_data(as_text=True)


def test_a_client_granted_openid_alone_never_learns_the_email(
    client: FlaskClient, site: HostedClient, account: Account, web_app: Any
) -> None:
    done = granted(site, account, web_app[0], scope="openid")
    access = exchange(client, web_app, done.code, done.verifier).json["access_token"]
    for path in (USERINFO, "/api/v1/auth/user"):
        answer = client.get(path, headers=bearer(access))
        assert account.email not in answer.get_data(as_text=True), path


WIDGET = {"name": "from-a-client", "info_url": "https://x.io", "deadline": "2031-01-01"}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/v1/widgets"),
        ("GET", "/api/v1/users"),
        ("GET", "/api/v1/clients"),
        ("GET", "/api/v1/audit"),
    ],
)
def test_an_admins_grant_is_no_more_than_its_scopes(
    create_account: Any, client: FlaskClient, site: HostedClient, web_app: Any, method, path
) -> None:
    admin = create_account(admin=True)
    done = granted(site, admin, web_app[0], scope="openid widgets:read")
    access = exchange(client, web_app, done.code, done.verifier).json["access_token"]
    answer = client.open(path, method=method, json=WIDGET, headers=bearer(access))
    assert answer.status_code == 403, (path, answer.status_code)
    assert 'error="insufficient_scope"' in answer.headers["WWW-Authenticate"]


def test_a_users_grant_is_no_more_than_their_own_permissions(
    app: Flask, client: FlaskClient, site: HostedClient, account: Account
) -> None:
    writer = registered(app, scopes=["openid", "widgets:read", "widgets:write"])
    done = granted(site, account, writer[0], scope="openid widgets:write")
    body = exchange(client, writer, done.code, done.verifier).json
    answer = client.post("/api/v1/widgets", json=WIDGET, headers=bearer(body["access_token"]))
    assert answer.status_code == 403


def test_a_code_issued_before_logout_all_gives_nothing_after(
    clock: Any, client: FlaskClient, site: HostedClient, account: Account, web_app: Any
) -> None:
    done = granted(site, account, web_app[0])
    clock.shift(timedelta(seconds=1))
    assert client.post("/api/v1/auth/logout-all", headers=account.headers).status_code == 200
    response = exchange(client, web_app, done.code, done.verifier)
    assert (response.status_code, response.json.get("error")) == (400, "invalid_grant")


def test_the_consent_page_escapes_the_clients_name(
    app: Flask, site: HostedClient, account: Account
) -> None:
    client_id, _ = registered(app, name="Tom & Jerry's app")  # names refuse < > "
    site.sign_in(account.email, account.password)
    page = site.get(site.get(authorize_url(client_id, pkce_pair()[1])).headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Tom &amp; Jerry&#39;s app" in html


def test_without_openid_no_id_token(
    client: FlaskClient, site: HostedClient, account: Account, web_app: Any
) -> None:
    done = granted(site, account, web_app[0], scope="widgets:read")
    body = exchange(client, web_app, done.code, done.verifier).json
    assert "access_token" in body and "id_token" not in body


def test_an_access_token_in_the_query_is_not_taken(client: FlaskClient, tokens: Any) -> None:
    for path in (USERINFO, "/api/v1/widgets"):
        answer = client.get(f"{path}?access_token={tokens['access_token']}")
        assert answer.status_code == 401, path  # RFC 9700, 2.4: never in a URI


def test_the_token_endpoint_takes_post_only(client: FlaskClient, web_app: Any) -> None:
    query = f"grant_type=client_credentials&client_id={web_app[0]}&client_secret={web_app[1]}"
    assert client.get(f"{TOKEN}?{query}").status_code == 405


def narrow(app: Flask, client_id: str, **changes: Any) -> None:
    """An admin takes something away from the client, as PATCH /clients/<id> does."""
    with app.app_context():
        change(client_id, COMMAND_LINE, **changes)


def test_narrowing_the_client_ends_the_tokens_people_granted_it(
    clock: Any, app: Flask, client: FlaskClient, site: HostedClient, account: Account, web_app: Any
) -> None:
    done = granted(site, account, web_app[0])
    body = exchange(client, web_app, done.code, done.verifier).json
    clock.shift(timedelta(seconds=1))
    narrow(app, web_app[0], scopes=["openid", "email", "offline_access"])
    assert client.get(USERINFO, headers=bearer(body["access_token"])).status_code == 401
    assert refresh(client, web_app, body["refresh_token"]).json["error"] == "invalid_grant"


def test_a_code_outlived_by_the_clients_scope_gives_no_more_than_the_client_has_now(
    clock: Any, app: Flask, client: FlaskClient, site: HostedClient, account: Account, web_app: Any
) -> None:
    done = granted(site, account, web_app[0])
    clock.shift(timedelta(seconds=1))
    narrow(app, web_app[0], scopes=["openid", "email", "offline_access"])
    response = exchange(client, web_app, done.code, done.verifier)
    if response.status_code == 200:
        assert "widgets:read" not in response.json["scope"].split()
        widgets = client.get("/api/v1/widgets", headers=bearer(response.json["access_token"]))
        assert widgets.status_code in (401, 403)
    else:
        assert (response.status_code, response.json["error"]) == (400, "invalid_grant")

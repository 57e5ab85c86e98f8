"""The authorization code flow through the test client, page by page as a browser would: the
ID token checked with the published keys alone, userinfo by scope, refresh with rotation, what
a client's token may read, consent remembered, and what ends a client's tokens; then the
hostile requests, each refused as RFC 6749, RFC 9700 and API.md say, never with a 500."""

import base64
import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode
from uuid import uuid4

import jwt
import pytest
from conftest import Account, enable_totp
from flask import Flask
from flask.testing import FlaskClient
from support.hosted_pages import HostedClient, the_form
from support.idp_flow import REDIRECT, SCOPES, Browser, pkce_pair, query_of, registered, walk
from werkzeug.test import TestResponse

from app import db
from app.api.clients.business import remove
from app.models import AuthorizationCode, User
from app.ops.origin import COMMAND_LINE

SITE = "https://localhost"
AUTHORIZE = "/api/v1/oauth/authorize"
TOKEN = "/api/v1/oauth/token"
USERINFO = "/api/v1/oauth/userinfo"


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


def authorize_url(client_id: str, challenge: str | None, **extra: str | None) -> str:
    """GET /oauth/authorize with a sound request; `extra` changes or (None) drops fields."""
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": REDIRECT,
        "scope": SCOPES,
        "state": "st-1",
        "nonce": uuid4().hex,  # a nonce is never accepted twice
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    } | extra
    return f"{AUTHORIZE}?{urlencode({k: v for k, v in query.items() if v is not None})}"


@dataclass(frozen=True)
class Granted:
    """What came back to the client, and the PKCE verifier of its request."""

    params: dict[str, str]
    verifier: str

    @property
    def code(self) -> str:
        return self.params["code"]


def granted(site: HostedClient, account: Account, client_id: str, **extra: Any) -> Granted:
    """Walk authorize → sign in → consent (allow, unless told) → back at REDIRECT."""
    verifier, challenge = pkce_pair()
    decision = extra.pop("decision", "allow")
    second_factor = extra.pop("second_factor", None)
    back = walk(
        Browser.of(site),
        authorize_url(client_id, challenge, **extra),
        REDIRECT,
        email=account.email,
        password=account.password,
        decision=decision,
        second_factor=second_factor,
    )
    assert back.location is not None, back
    return Granted(query_of(back.location), verifier)


def exchange(
    client: FlaskClient, credentials: tuple[str, str | None], code: str, verifier: str | None
) -> TestResponse:
    """POST /oauth/token with the code (client_secret_post, or none for a public client)."""
    client_id, secret = credentials
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT,
        "code_verifier": verifier,
        "client_id": client_id,
        "client_secret": secret,
    }
    return client.post(TOKEN, data={k: v for k, v in form.items() if v is not None})


def refresh(
    client: FlaskClient, credentials: tuple[str, str | None], refresh_token: str
) -> TestResponse:
    client_id, secret = credentials
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": client_id}
    return client.post(TOKEN, data=form | ({"client_secret": secret} if secret else {}))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def tokens(site: HostedClient, client: FlaskClient, account: Account, web_app: Any) -> Any:
    """The token response of a whole flow of `account` with `web_app`."""
    done = granted(site, account, web_app[0])
    response = exchange(client, web_app, done.code, done.verifier)
    assert response.status_code == 200, response.json
    return response.json


def id_token_claims(client: FlaskClient, token: str, client_id: str) -> dict[str, Any]:
    """The ID token verified with discovery and the JWK Set alone, as a client does."""
    metadata = client.get("/.well-known/openid-configuration").json
    keys = jwt.PyJWKSet.from_dict(client.get("/api/v1/auth/jwks.json").json)
    kid = jwt.get_unverified_header(token)["kid"]
    key = next(k for k in keys.keys if k.key_id == kid)
    return jwt.decode(
        token, key, ["RS256"], audience=client_id, issuer=metadata["issuer"], leeway=5
    )


def at_hash(access_token: str) -> str:
    """OpenID Connect Core, 3.1.3.6: the left half of the SHA-256, base64url."""
    digest = hashlib.sha256(access_token.encode("ascii")).digest()[:16]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def unverified(token: str) -> dict[str, Any]:
    return jwt.decode(token, options={"verify_signature": False})


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


# Hostile requests


def is_error_page(answer: TestResponse) -> bool:
    """RFC 9700, 4.1: an untrusted redirect URI gets a page here, never a redirect."""
    return (
        answer.status_code == 400
        and answer.mimetype == "text/html"
        and "Location" not in answer.headers
    )


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


def sent_back(answer: TestResponse) -> dict[str, str]:
    """The parameters of a redirect to REDIRECT, which must carry iss."""
    assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
    location = answer.headers["Location"]
    assert location.startswith(REDIRECT + "?"), location
    params = query_of(location)
    assert params["iss"] == SITE
    return params


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


def test_a_public_client_exchanges_its_code_with_pkce_alone(
    app: Flask, client: FlaskClient, site: HostedClient, account: Account
) -> None:
    public = registered(app, type="public")
    done = granted(site, account, public[0])
    response = exchange(client, public, done.code, done.verifier)
    assert response.status_code == 200, response.json
    assert refresh(client, public, response.json["refresh_token"]).status_code == 200


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


def test_prompt_none_after_consent_gives_a_code(
    site: HostedClient, account: Account, web_app: Any
) -> None:
    granted(site, account, web_app[0])
    params = sent_back(site.get(authorize_url(web_app[0], pkce_pair()[1], prompt="none")))
    assert "code" in params and "error" not in params


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


def test_the_token_response_is_never_cached(
    client: FlaskClient, site: HostedClient, account: Account, web_app: Any
) -> None:
    done = granted(site, account, web_app[0])
    response = exchange(client, web_app, done.code, done.verifier)
    assert response.headers["Cache-Control"] == "no-store"
    assert response.json["token_type"] == "Bearer" and response.json["expires_in"] == 3600
    assert set(response.json["scope"].split()) == set(SCOPES.split())


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

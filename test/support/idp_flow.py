"""The browser's part of the authorization code flow, as a script would do it: follow the
provider's redirects from /oauth/authorize through /signin (and its second step) and /consent,
filling in each page's one form, until the answer goes back to the client's redirect URI (or
stops at a page). Works with the test client (`HostedClient`) or a requests.Session on a
served app; and the client's side: PKCE pairs, the authorize URL, the token requests, the
ID token checked with the published keys alone, the redirect back parsed."""

import base64
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit
from uuid import uuid4

import jwt
import requests
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app.api.clients.business import register
from app.ops.origin import COMMAND_LINE
from support.hosted_pages import SITE, Forms, HostedClient

REDIRECT = "https://app.example.com/cb"
AUTHORIZE = "/api/v1/oauth/authorize"
TOKEN = "/api/v1/oauth/token"
USERINFO = "/api/v1/oauth/userinfo"
SCOPES = "openid email offline_access widgets:read"


def registered(app: Flask, **fields: Any) -> tuple[str, str | None]:
    """A client registered from the shell, as `flask clients add` does; `fields` change the
    defaults (a confidential web app). Returns (client_id, client_secret or None)."""
    settings = {
        "name": "Example app",
        "grant_types": ["authorization_code", "refresh_token"],
        "scopes": SCOPES.split(),
        "redirect_uris": [REDIRECT],
    }
    with app.app_context():
        stored, secret = register(COMMAND_LINE, **(settings | fields))
        return stored.client_id, secret


@dataclass(frozen=True)
class Answer:
    """One answer of the provider, as a browser sees it."""

    status: int
    location: str | None
    html: str


class Browser:
    """GET and POST without following redirects: over a requests.Session on `base`, or the
    test client on its https site."""

    def __init__(self, base: str, session: requests.Session | None = None) -> None:
        self.base = base
        self.session = session or requests.Session()
        self.hosted: HostedClient | None = None

    @classmethod
    def of(cls, hosted: HostedClient) -> "Browser":
        browser = cls("https://localhost")
        browser.hosted = hosted
        return browser

    def get(self, url: str) -> Answer:
        if self.hosted is not None:
            return _answer_of(self.hosted.get(url))
        return _answer_of(self.session.get(urljoin(self.base, url), allow_redirects=False))

    def post(self, url: str, data: dict[str, str]) -> Answer:
        if self.hosted is not None:
            return _answer_of(self.hosted.post(url, data=data))
        answer = self.session.post(urljoin(self.base, url), data=data, allow_redirects=False)
        return _answer_of(answer)


def _answer_of(response: Any) -> Answer:
    text = response.text if hasattr(response, "text") else response.get_data(as_text=True)
    return Answer(response.status_code, response.headers.get("Location"), text)


def one_form(html: str) -> dict[str, Any]:
    """The page's one form: its action and its inputs' values by name."""
    parser = Forms()
    parser.feed(html)
    assert len(parser.forms) == 1, parser.forms
    return parser.forms[0]


def walk(
    browser: Browser,
    url: str,
    redirect_uri: str,
    *,
    email: str,
    password: str,
    decision: str = "allow",
    second_factor: Callable[[], str] | None = None,
) -> Answer:
    """From `url` (an authorize URL) to the answer that goes back to `redirect_uri`, signing in
    and answering consent on the way; or the first answer that is neither a redirect nor a
    page with a form (an error page)."""
    answer = browser.get(url)
    for _ in range(12):
        if answer.location is not None:
            if answer.location.startswith(redirect_uri):
                return answer
            answer = browser.get(answer.location)
            continue
        if answer.status != 200:
            return answer
        form = one_form(answer.html)
        typed = {"email": email, "password": password, "decision": decision}
        answer = browser.post(form["action"], form["fields"] | _filled(form, typed, second_factor))
    raise AssertionError(f"no way back to {redirect_uri}: {answer}")


def _filled(
    form: dict[str, Any], typed: dict[str, str], second_factor: Callable[[], str] | None
) -> dict[str, str]:
    """What the person types into this page: sign-in, second step, or consent."""
    fields = form["fields"]
    if "password" in fields:
        return {"email": typed["email"], "password": typed["password"]}
    if "code" in fields:
        assert second_factor is not None, "a second factor was asked for"
        return {"code": second_factor()}
    return {"decision": typed["decision"]}


def pkce_pair() -> tuple[str, str]:
    """A PKCE code_verifier and its S256 code_challenge (RFC 7636, 4.1 and 4.2)."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def query_of(location: str) -> dict[str, str]:
    """The parameters of a redirect back to the client, each sent once."""
    params = parse_qs(urlsplit(location).query, keep_blank_values=True)
    assert all(len(values) == 1 for values in params.values()), params
    return {name: values[0] for name, values in params.items()}


AUTHORIZE = "/api/v1/oauth/authorize"
TOKEN = "/api/v1/oauth/token"
USERINFO = "/api/v1/oauth/userinfo"


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


def granted(site: HostedClient, account: Any, client_id: str, **extra: Any) -> Granted:
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


def is_error_page(answer: TestResponse) -> bool:
    """RFC 9700, 4.1: an untrusted redirect URI gets a page here, never a redirect."""
    return (
        answer.status_code == 400
        and answer.mimetype == "text/html"
        and "Location" not in answer.headers
    )


def sent_back(answer: TestResponse) -> dict[str, str]:
    """The parameters of a redirect to REDIRECT, which must carry iss."""
    assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
    location = answer.headers["Location"]
    assert location.startswith(REDIRECT + "?"), location
    params = query_of(location)
    assert params["iss"] == SITE
    return params

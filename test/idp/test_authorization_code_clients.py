"""The authorization code flow as real OAuth client libraries drive it, over HTTP against the
app served on 127.0.0.1: Authlib's OAuth2Session (a confidential client) and requests-oauthlib's
(a public one, PKCE alone), the person's part done by a requests.Session through the hosted
pages. The ID token is checked with discovery and the JWK Set alone, as a client does."""

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import jwt
import pytest
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session as AuthlibSession
from authlib.integrations.requests_client import OAuthError
from conftest import Account, account_in
from flask import Flask
from requests_oauthlib import OAuth2Session as OAuthlibSession
from support.calls import race
from support.idp_flow import REDIRECT, SCOPES, Browser, pkce_pair, query_of, registered, walk
from werkzeug.serving import make_server

from bench.servers import free_port


@dataclass(frozen=True)
class Served:
    """The provider on a real HTTP server, its discovery document, and one of its users."""

    app: Flask
    url: str
    metadata: dict[str, Any]
    account: Account


@pytest.fixture
def database_url(shared_database_url: str) -> str:
    """A database file the server's threads share (conftest.py, shared_database_url)."""
    return shared_database_url


@pytest.fixture
def served(make_app: Callable[..., Flask]) -> Iterator[Served]:
    """The app on a free port, its PUBLIC_URL that address: plain http on the loopback, where
    the hosted cookies go without `__Host-` (app/hosted/cookies.py). No refresh grace window,
    so a reuse is a reuse at once."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    app = make_app(PUBLIC_URL=url, ACCESS_TOKEN_EXPIRE_SECONDS=3600, REFRESH_REUSE_GRACE=0)
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    metadata = requests.get(f"{url}/.well-known/openid-configuration", timeout=5).json()
    yield Served(app, url, metadata, account_in(app))
    server.shutdown()
    thread.join()


def signed_in_and_back(served: Served, authorization_url: str) -> str:
    """The person's part, in a browser of their own: the URL the client gets back."""
    account = served.account
    back = walk(
        Browser(served.url), authorization_url, REDIRECT, email=account.email,
        password=account.password,
    )  # fmt: skip
    assert back.location is not None, back
    assert query_of(back.location)["iss"] == served.metadata["issuer"]  # RFC 9207, checked
    return back.location


def verified_id_token(served: Served, token: str, client_id: str) -> dict[str, Any]:
    """The ID token checked against the keys and issuer that discovery names, nothing else."""
    metadata = served.metadata
    key = jwt.PyJWKClient(metadata["jwks_uri"]).get_signing_key_from_jwt(token)
    algorithms = metadata["id_token_signing_alg_values_supported"]
    return jwt.decode(token, key, algorithms, audience=client_id, issuer=metadata["issuer"])


def test_discovery_names_this_server_and_the_code_flow_only(served: Served) -> None:
    metadata = served.metadata
    assert metadata["issuer"] == served.url
    assert metadata["authorization_endpoint"] == f"{served.url}/api/v1/oauth/authorize"
    assert metadata["response_types_supported"] == ["code"]
    assert metadata["code_challenge_methods_supported"] == ["S256"]


def test_authlib_signs_a_person_in(served: Served) -> None:
    client_id, secret = registered(served.app)
    oauth = AuthlibSession(
        client_id, secret, scope=SCOPES, redirect_uri=REDIRECT, code_challenge_method="S256"
    )
    verifier = generate_token(48)
    url, state = oauth.create_authorization_url(
        served.metadata["authorization_endpoint"], code_verifier=verifier, nonce="n-authlib"
    )
    back = signed_in_and_back(served, url)
    token = oauth.fetch_token(
        served.metadata["token_endpoint"], authorization_response=back, code_verifier=verifier,
        state=state,
    )  # fmt: skip
    claims = verified_id_token(served, token["id_token"], client_id)
    assert (claims["sub"], claims["azp"], claims["nonce"]) == (
        served.account.public_id, client_id, "n-authlib",
    )  # fmt: skip
    userinfo = oauth.get(served.metadata["userinfo_endpoint"]).json()
    assert userinfo == {"sub": claims["sub"], "email": served.account.email, "email_verified": True}
    assert oauth.get(f"{served.url}/api/v1/widgets").status_code == 200


def test_authlib_refreshes_and_a_reused_refresh_token_ends_the_chain(served: Served) -> None:
    client_id, secret = registered(served.app)
    oauth = AuthlibSession(
        client_id, secret, scope=SCOPES, redirect_uri=REDIRECT, code_challenge_method="S256"
    )
    verifier = generate_token(48)
    url, _ = oauth.create_authorization_url(
        served.metadata["authorization_endpoint"], code_verifier=verifier, nonce="n-refresh"
    )
    endpoint = served.metadata["token_endpoint"]
    first = oauth.fetch_token(
        endpoint, authorization_response=signed_in_and_back(served, url), code_verifier=verifier
    )
    rotated = oauth.refresh_token(endpoint)
    assert rotated["refresh_token"] != first["refresh_token"]
    assert oauth.get(f"{served.url}/api/v1/widgets").status_code == 200
    with pytest.raises(OAuthError) as reused:
        oauth.refresh_token(endpoint, refresh_token=first["refresh_token"])
    assert reused.value.error == "invalid_grant"
    assert oauth.get(f"{served.url}/api/v1/widgets").status_code == 401  # the chain's token


def test_requests_oauthlib_signs_a_person_in_as_a_public_client(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # the token endpoint: loopback http
    client_id, _ = registered(served.app, type="public")
    oauth = OAuthlibSession(client_id, redirect_uri=REDIRECT, scope=SCOPES.split(), pkce="S256")
    url, state = oauth.authorization_url(served.metadata["authorization_endpoint"], nonce="n-ol")
    assert "code_challenge_method=S256" in url
    back = signed_in_and_back(served, url)
    assert query_of(back)["state"] == state
    endpoint = served.metadata["token_endpoint"]
    token = oauth.fetch_token(endpoint, authorization_response=back, include_client_id=True)
    claims = verified_id_token(served, token["id_token"], client_id)
    assert (claims["aud"], claims["nonce"], claims["acr"]) == (client_id, "n-ol", "aal1")
    assert oauth.get(served.metadata["userinfo_endpoint"]).json()["sub"] == claims["sub"]
    rotated = oauth.refresh_token(endpoint, client_id=client_id)
    assert rotated["refresh_token"] != token["refresh_token"]
    assert oauth.get(f"{served.url}/api/v1/widgets").status_code == 200


def test_of_two_exchanges_of_one_code_at_once_one_wins(served: Served) -> None:
    client_id, secret = registered(served.app)
    verifier, challenge = pkce_pair()
    query = {
        "response_type": "code", "client_id": client_id, "redirect_uri": REDIRECT,
        "scope": SCOPES, "code_challenge": challenge, "code_challenge_method": "S256",
    }  # fmt: skip
    url = requests.Request("GET", served.metadata["authorization_endpoint"], params=query)
    code = query_of(signed_in_and_back(served, url.prepare().url or ""))["code"]
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT}
    form |= {"code_verifier": verifier, "client_id": client_id, "client_secret": secret or ""}

    def exchange() -> tuple[int, dict[str, Any]]:
        answer = requests.post(served.metadata["token_endpoint"], data=form, timeout=10)
        return answer.status_code, answer.json()

    answers = race(4, exchange)
    assert sorted(status for status, _ in answers) == [200, 400, 400, 400], answers
    assert {body["error"] for status, body in answers if status == 400} == {"invalid_grant"}

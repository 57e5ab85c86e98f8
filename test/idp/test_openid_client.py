"""panva's openid-client (Node), a certified relying party library, against the provider as
production serves it: gunicorn on HTTPS with a certificate the test made, which node trusts
through NODE_EXTRA_CA_CERTS alone. What the library accepts, and what it reports back, is
what any standard client of ours would see (test/clients/openid-client/rp.mjs)."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple
from uuid import uuid4

import pytest
from conftest import skip_outside_ci
from support.calls import call
from support.relying_party import RelyingPartyFailed, missing_tools, run_flow
from support.served_app import serve
from support.tls import self_signed_certificate

from bench.servers import free_port

pytestmark = pytest.mark.slow  # starts gunicorn, and node for each flow

CALLBACK = "https://app.example.com/callback"
PASSWORD = "correct-horse-9"


class Provider(NamedTuple):
    """The served provider: its issuer (PUBLIC_URL), the certificate to trust, an admin token."""

    issuer: str
    ca: Path
    admin_token: str


@pytest.fixture(scope="module")
def provider(tmp_path_factory) -> Iterator[Provider]:
    """Production on a fresh SQLite file, migrated, served over TLS at https://127.0.0.1:PORT."""
    if reason := missing_tools():
        skip_outside_ci(f"openid-client tests skipped: {reason}")
    folder, port = tmp_path_factory.mktemp("openid-client"), free_port()
    certificate = self_signed_certificate(folder)
    issuer = f"https://127.0.0.1:{port}"
    server, token = serve(
        f"sqlite:///{folder / 'idp.db'}",
        folder / "gunicorn.log",
        environment={"PUBLIC_URL": issuer},
        port=port,
        certificate=certificate,
    )
    yield Provider(issuer, certificate[0], token)
    server.stop()


def admin_call(provider: Provider, method: str, path: str, body: dict) -> dict:
    status, answer = call(
        method, provider.issuer + path, body, provider.admin_token, cafile=provider.ca
    )
    assert status == 201, answer
    return answer


@pytest.fixture(scope="module")
def partner(provider) -> dict[str, str]:
    """A confidential client registered by the admin API, and one widget for it to read."""
    widget = {"name": "served", "info_url": "https://x.io", "deadline": "2099-01-01"}
    admin_call(provider, "POST", "/api/v1/widgets", widget)
    body = {"name": "Partner", "grant_types": ["client_credentials"], "scopes": ["widgets:read"]}
    created = admin_call(provider, "POST", "/api/v1/clients", body)
    return {"CLIENT_ID": created["client_id"], "CLIENT_SECRET": created["client_secret"]}


def register_web_app(provider: Provider, name: str) -> dict[str, str]:
    """A confidential web app that signs people in; its redirect URI is never fetched."""
    body = {
        "name": name,
        "grant_types": ["authorization_code", "refresh_token"],
        "scopes": ["openid", "email", "profile", "offline_access"],
        "redirect_uris": [CALLBACK],
    }
    created = admin_call(provider, "POST", "/api/v1/clients", body)
    return {"CLIENT_ID": created["client_id"], "CLIENT_SECRET": created["client_secret"]}


@pytest.fixture(scope="module")
def web_app(provider) -> dict[str, str]:
    return register_web_app(provider, "Web app")


@pytest.fixture(scope="module")
def person(provider) -> dict[str, str]:
    """Someone who registered through the API, as whom the script signs in on /signin."""
    email = f"{uuid4().hex[:10]}@example.com"
    credentials = {"email": email, "password": PASSWORD}
    status, body = call(
        "POST", provider.issuer + "/api/v1/auth/register", credentials, cafile=provider.ca
    )
    assert status == 201, body
    return {"USER_EMAIL": email, "USER_PASSWORD": PASSWORD}


def flow(provider: Provider, name: str, **settings: str) -> dict:
    return run_flow(name, provider.ca, ISSUER=provider.issuer, **settings)


@pytest.fixture(scope="module")
def server_metadata(provider, partner) -> dict:
    return flow(provider, "discovery", **partner)["server"]


@pytest.fixture(scope="module", params=["basic", "post"])
def client_credentials(request, provider, partner) -> dict:
    """What openid-client saw of a client_credentials token's life, authenticating with
    client_secret_basic or client_secret_post."""
    return flow(provider, "client_credentials", CLIENT_AUTH=request.param, **partner)


def test_a_certificate_node_was_not_told_to_trust_is_refused(provider, partner, tmp_path):
    stranger, _ = self_signed_certificate(tmp_path)
    with pytest.raises(RelyingPartyFailed, match="self-signed certificate"):
        run_flow("discovery", stranger, ISSUER=provider.issuer, **partner)


def test_discovery_names_the_issuer_openid_client_was_given(provider, server_metadata):
    assert server_metadata["issuer"] == provider.issuer


def test_discovery_names_the_endpoints_on_the_issuer(provider, server_metadata):
    endpoints = {
        "token_endpoint": "/api/v1/oauth/token",
        "introspection_endpoint": "/api/v1/auth/introspect",
        "revocation_endpoint": "/api/v1/auth/revoke",
    }
    for field, path in endpoints.items():
        assert server_metadata[field] == provider.issuer + path, field
    assert server_metadata["jwks_uri"].startswith(provider.issuer + "/")


def test_discovery_offers_what_the_client_uses(server_metadata):
    assert "client_credentials" in server_metadata["grant_types_supported"]
    methods = server_metadata["token_endpoint_auth_methods_supported"]
    assert {"client_secret_basic", "client_secret_post"} <= set(methods)


@pytest.mark.parametrize("method", ["basic", "post"])
def test_a_wrong_secret_is_invalid_client_with_a_challenge(provider, partner, method):
    wrong = partner | {"CLIENT_SECRET": "not-the-secret", "CLIENT_AUTH": method}
    with pytest.raises(RelyingPartyFailed) as refused:
        flow(provider, "client_credentials", **wrong)
    assert refused.value.error["status"] == 401
    [challenge] = refused.value.error["cause"]
    assert challenge["scheme"] == "basic"
    assert challenge["parameters"]["error"] == "invalid_client"


def test_the_token_is_a_bearer_token_with_the_scope(client_credentials):
    token = client_credentials["token"]
    assert (token["token_type"], token["scope"]) == ("bearer", "widgets:read")
    assert token["has_access_token"] and not token["has_refresh_token"]
    assert token["expires_in"] > 0


def test_the_token_reads_widgets(client_credentials):
    api = client_credentials["api_before"]
    assert api["status"] == 200, api
    assert [widget["name"] for widget in api["body"]["items"]] == ["served"]


def test_introspection_shows_the_token_active_for_the_client(client_credentials, partner):
    introspected = client_credentials["introspection_before"]
    assert introspected["active"] is True, introspected
    assert introspected["client_id"] == partner["CLIENT_ID"]
    assert introspected["scope"] == "widgets:read"


def test_after_revocation_introspection_shows_it_inactive(client_credentials):
    assert client_credentials["introspection_after"] == {"active": False}


def test_after_revocation_the_api_answers_401_with_a_bearer_challenge(client_credentials):
    api = client_credentials["api_after"]
    assert api["status"] == 401, api
    [challenge] = api["challenges"]
    assert challenge["scheme"] == "bearer"
    assert challenge["parameters"]["error"] == "invalid_token"


@pytest.fixture(scope="module")
def signed_in(provider, web_app, person) -> dict:
    """What openid-client saw of the authorization code flow, the script being the browser."""
    return flow(provider, "authorization_code", REDIRECT_URI=CALLBACK, **web_app, **person)


def test_the_person_signs_in_then_consents_on_the_hosted_pages(signed_in):
    assert signed_in["pages"] == ["signin", "consent"], signed_in["visited"]


def test_the_callback_names_the_issuer(provider, signed_in):
    assert signed_in["callback_parameters"]["iss"] == provider.issuer  # RFC 9207


def test_the_id_token_is_for_the_client_about_the_person(provider, web_app, person, signed_in):
    claims = signed_in["id_token_claims"]
    assert (claims["iss"], claims["aud"]) == (provider.issuer, web_app["CLIENT_ID"])
    assert claims["email"] == person["USER_EMAIL"]
    assert signed_in["token"]["scope"] == "openid email profile offline_access"


def test_userinfo_is_about_the_id_tokens_subject(person, signed_in):
    userinfo = signed_in["userinfo"]
    assert userinfo["sub"] == signed_in["id_token_claims"]["sub"]
    assert userinfo["email"] == person["USER_EMAIL"]


def test_a_refresh_answers_a_new_refresh_token(signed_in):
    assert signed_in["refreshed"]["has_access_token"]
    assert signed_in["refresh_token_rotated"] is True


def test_consent_once_given_is_not_asked_again(provider, web_app, person, signed_in):
    again = flow(provider, "authorization_code", REDIRECT_URI=CALLBACK, **web_app, **person)
    assert again["pages"] == ["signin"], again["visited"]


def refused_sign_in(provider: Provider, client: dict, person: dict, **settings: str) -> dict:
    """openid-client's error for an authorization that came back refused. It read the error
    only after checking the answer's iss and state (RFC 9207, RFC 6749 4.1.2.1)."""
    with pytest.raises(RelyingPartyFailed) as refused:
        flow(provider, "authorization_code", REDIRECT_URI=CALLBACK, **client, **person, **settings)
    assert refused.value.error["name"] == "AuthorizationResponseError", refused.value.error
    return refused.value.error


def test_prompt_none_without_a_session_is_login_required(provider, web_app, person):
    error = refused_sign_in(provider, web_app, person, PROMPT="none")
    assert error["error"] == "login_required"
    assert error["cause"]["iss"] == provider.issuer


def test_a_denial_comes_back_as_access_denied(provider, person):
    other = register_web_app(provider, "Other app")
    error = refused_sign_in(provider, other, person, DECISION="deny")
    assert error["error"] == "access_denied"
    assert error["cause"]["iss"] == provider.issuer


@pytest.fixture(scope="module")
def on_a_tv(provider, person) -> dict:
    """A public client (a TV app) through the device flow: the script asks for a user code,
    plays the person on the phone (sign in, /device, allow), then polls as openid-client does."""
    body = {
        "name": "TV app",
        "type": "public",
        "grant_types": ["urn:ietf:params:oauth:grant-type:device_code"],
        "scopes": ["openid", "email"],
    }
    created = admin_call(provider, "POST", "/api/v1/clients", body)
    return flow(provider, "device", CLIENT_ID=created["client_id"], **person)


def test_the_device_flow_gives_the_tv_tokens(provider, person, on_a_tv):
    started = on_a_tv["device_authorization"]
    assert started["verification_uri"] == provider.issuer + "/device"
    assert re.fullmatch(r"[B-DF-HJ-NP-TV-Z]{4}-[B-DF-HJ-NP-TV-Z]{4}", started["user_code"])
    assert on_a_tv["token"]["token_type"].lower() == "bearer"
    claims = on_a_tv["id_token_claims"]
    assert (claims["iss"], claims["email"]) == (provider.issuer, person["USER_EMAIL"])

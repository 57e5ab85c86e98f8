"""The provider's metadata at the site root: its fields, the issuer equal to PUBLIC_URL byte for
byte, its headers, and endpoints that exist where it says."""

import pytest

from app.api.discovery.metadata import ENDPOINT_PATHS

ISSUER = "https://idp.example.com"
PATHS = ["/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"]


@pytest.fixture
def provider(make_app):
    """An app whose PUBLIC_URL is ISSUER, asked at that host; CORS for one listed origin only."""
    app = make_app(PUBLIC_URL=ISSUER, CORS_ORIGINS=["https://app.example.com"])
    return app.test_client()


def metadata(provider, path: str = PATHS[0], **headers):
    return provider.get(path, base_url=ISSUER, headers=headers)


@pytest.mark.parametrize("path", PATHS)
def test_the_issuer_is_public_url_byte_for_byte_at_both_paths(provider, path):
    response = metadata(provider, path)
    assert response.status_code == 200
    assert response.get_data().startswith(b'{"issuer":"https://idp.example.com",')
    assert response.json == metadata(provider).json


def test_every_endpoint_is_an_absolute_url_under_the_issuer(provider):
    body = metadata(provider).json
    assert body["token_endpoint"] == "https://idp.example.com/api/v1/oauth/token"
    assert body["jwks_uri"] == "https://idp.example.com/api/v1/auth/jwks.json"
    assert {field: body[field] for field in ENDPOINT_PATHS} == {
        field: ISSUER + path for field, path in ENDPOINT_PATHS.items()
    }


def test_it_offers_the_code_flow_with_pkce_and_nothing_weaker(provider):
    body = metadata(provider).json
    assert (body["response_types_supported"], body["response_modes_supported"]) == (
        ["code"],
        ["query"],
    )
    assert body["code_challenge_methods_supported"] == ["S256"]
    assert body["grant_types_supported"] == [
        "authorization_code",
        "refresh_token",
        "client_credentials",
        "urn:ietf:params:oauth:grant-type:device_code",
    ]
    assert body["token_endpoint_auth_methods_supported"] == [
        "client_secret_basic",
        "client_secret_post",
        "none",
    ]
    assert body["authorization_response_iss_parameter_supported"] is True
    assert body["request_parameter_supported"] is False


def test_scopes_claims_and_algorithms(provider):
    body = metadata(provider).json
    assert body["scopes_supported"] == [
        "openid",
        "profile",
        "email",
        "offline_access",
        "widgets:read",  # the permissions an app may be given, and no other
        "widgets:write",
    ]
    assert body["subject_types_supported"] == ["public"]
    assert body["id_token_signing_alg_values_supported"][0] == "RS256"
    assert {"sub", "acr", "amr", "at_hash", "sid", "email", "email_verified", "name"} <= set(
        body["claims_supported"]
    )


def test_any_web_page_may_read_it_and_caches_may_keep_it(provider):
    response = metadata(provider, Origin="https://unlisted.example.net")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert response.headers["Cache-Control"] == "public, max-age=3600"
    assert response.content_type == "application/json"


def test_the_endpoints_that_exist_today_answer_where_it_says(provider):
    body = metadata(provider).json
    keys = provider.get(body["jwks_uri"], base_url=ISSUER)
    assert (keys.status_code, bool(keys.json["keys"])) == (200, True)
    for field in ("revocation_endpoint", "introspection_endpoint"):
        assert provider.post(body[field], base_url=ISSUER).status_code != 404

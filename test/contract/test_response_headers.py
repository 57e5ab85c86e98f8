"""Cache-Control on account data (ASVS V14.3.2) and HSTS over TLS through a proxy (V3.4.1)."""

import pytest

HSTS = "max-age=31536000; includeSubDomains"


@pytest.mark.parametrize(
    "path", ["/api/v1/auth/user", "/api/v1/widgets", "/api/v1/auth/sessions", "/api/v1/users"]
)
def test_api_responses_are_never_stored(client, create_account, path):
    response = client.get(path, headers=create_account().headers)
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Pragma"] == "no-cache"


def test_a_refused_token_is_not_stored_either(client):
    response = client.get("/api/v1/auth/user", headers={"Authorization": "Bearer nonsense"})
    assert response.status_code == 401
    assert response.headers["Cache-Control"] == "no-store"


def test_the_public_key_set_stays_cacheable(client):
    response = client.get("/api/v1/auth/jwks.json")
    assert response.headers["Cache-Control"].startswith("public, max-age=")


def test_hsts_when_the_proxy_says_the_request_came_over_tls(make_app):
    client = make_app(PROXY_FIX_X_FOR=1).test_client()
    response = client.get("/api/v1/health", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"] == HSTS
    plain = client.get("/api/v1/health", headers={"X-Forwarded-Proto": "http"})
    assert "Strict-Transport-Security" not in plain.headers


def test_no_hsts_on_a_forwarded_scheme_without_a_trusted_proxy(client):
    response = client.get("/api/v1/health", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers

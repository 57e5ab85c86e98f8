"""Vary: Origin on every answer to a request with Origin, listed or not, cached JWK Sets
included: the CORS headers depend on Origin, so no cache may hand one origin's answer (or an
answer without them) to another."""

import pytest

LISTED, UNLISTED = "https://app.example", "https://evil.example"
URLS = ["/.well-known/jwks.json", "/api/v1/auth/jwks.json", "/api/v1/health"]
SETTINGS = {
    "any": ["*"],
    "one listed": [LISTED],
    "two listed": [LISTED, "https://admin.example"],
}


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("origin", [LISTED, UNLISTED])
@pytest.mark.parametrize("origins", SETTINGS.values(), ids=SETTINGS.keys())
def test_an_answer_to_a_request_with_origin_varies_by_origin(make_app, origins, origin, url):
    client = make_app(CORS_ORIGINS=origins).test_client()
    response = client.get(url, headers={"Origin": origin})
    assert response.status_code == 200
    assert "Origin" in response.vary


@pytest.mark.parametrize("url", URLS[:2])
def test_a_cached_jwk_set_varies_by_origin_even_without_one(client, url):
    """A shared cache must not give the copy without CORS headers to a browser."""
    response = client.get(url)
    assert response.headers["Cache-Control"].startswith("public, max-age=")
    assert "Origin" in response.vary


def test_an_unknown_path_varies_by_origin_and_says_it_once(make_app):
    app = make_app(CORS_ORIGINS=["https://app.example.com", "https://admin.example.com"])
    origin = {"Origin": "https://app.example.com"}
    for path in ("/api/v1/nope", "/api/v1/health"):
        response = app.test_client().get(path, headers=origin)
        assert response.headers.getlist("Vary") == ["Origin"], path

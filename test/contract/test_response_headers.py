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


@pytest.mark.parametrize("path", ["/api/v1/health", "/signin", "/.well-known/openid-configuration"])
def test_hsts_when_the_proxy_says_the_request_came_over_tls(make_app, path):
    client = make_app(PROXY_FIX_X_FOR=1).test_client()
    response = client.get(path, headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"] == HSTS
    plain = client.get(path, headers={"X-Forwarded-Proto": "http"})
    assert "Strict-Transport-Security" not in plain.headers


def test_no_hsts_on_a_forwarded_scheme_without_a_trusted_proxy(client):
    response = client.get("/api/v1/health", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


NOTHING_ALLOWED = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
ANSWERS = [
    pytest.param(lambda client, _: client.get("/api/v1/health"), id="json"),
    pytest.param(lambda client, _: client.get("/api/v1/no-such-thing"), id="api-404"),
    pytest.param(lambda client, _: client.get("/no-such-thing"), id="app-404"),
    pytest.param(lambda client, _: client.post("/api/v1/health"), id="405"),
    pytest.param(lambda client, _: client.get("/"), id="redirect"),
    pytest.param(lambda client, _: client.get("/api/v1/openapi.json"), id="document"),
    pytest.param(lambda client, _: client.get("/swaggerui/swagger-ui.css"), id="ui-asset"),
    pytest.param(lambda client, _: client.get("/static/swagger-ui-page.js"), id="our-asset"),
    pytest.param(
        lambda client, account: client.get("/api/v1/users", headers=account.headers), id="403"
    ),
    pytest.param(
        lambda client, _: client.get("/api/v1/health", headers={"Host": "x.io"}), id="400"
    ),
]


@pytest.mark.parametrize("answer", ANSWERS)
def test_every_answer_forbids_sniffing_referrers_framing_and_everything_active(
    client, create_account, answer
):
    response = answer(client, create_account())
    response.close()  # a static file streams from disk
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Content-Security-Policy"] == NOTHING_ALLOWED


def test_swagger_ui_may_load_this_servers_files_and_nothing_else(client):
    response = client.get("/api/v1/ui")
    assert response.status_code == 200
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response.headers["Content-Security-Policy"].split(";")
    )
    assert policy == {
        "default-src": "'none'",
        "script-src": "'self'",
        "style-src": "'self'",
        "font-src": "'self'",
        "img-src": "'self' data:",
        "connect-src": "'self'",
        "base-uri": "'none'",
        "form-action": "'none'",
        "frame-ancestors": "'none'",
    }
    assert response.headers["X-Frame-Options"] == "DENY"
    page = response.get_data(as_text=True)
    assert "<script>" not in page and "<style" not in page and " style=" not in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")

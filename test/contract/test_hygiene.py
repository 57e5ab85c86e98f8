"""Secrets stay out of responses and logs; CORS follows CORS_ORIGINS."""

import logging

import pytest

PASSWORD = "s3cret-horse-battery"


def test_no_password_hash_or_secret_in_logs_when_login_crashes(app, client, caplog, monkeypatch):
    client.post("/api/v1/auth/register", json={"email": "ada@example.com", "password": PASSWORD})

    def explode(*_args):
        raise RuntimeError("boom")

    monkeypatch.setattr("app.security.tokens.issue", explode)
    with caplog.at_level(logging.DEBUG):
        response = client.post(
            "/api/v1/auth/login", json={"email": "ada@example.com", "password": PASSWORD}
        )
    assert response.status_code == 500
    assert "Unhandled exception" in caplog.text  # the bug is logged, with its traceback...
    for secret in (PASSWORD, "$2b$", app.config["SECRET_KEY"]):  # ...but never these
        assert secret not in caplog.text
        assert secret not in response.get_data(as_text=True)


def test_user_response_has_no_hash(client, create_account):
    response = client.get("/api/v1/auth/user", headers=create_account().headers)
    assert "password" not in response.get_data(as_text=True)
    assert "$2b$" not in response.get_data(as_text=True)


def test_cors_allows_any_origin_by_default(client):
    response = client.get("/api/v1/health", headers={"Origin": "https://app.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_no_cors_headers_without_an_origin(client):
    """Only a browser's cross-origin request sends Origin, and only a browser reads CORS."""
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert not [name for name, _ in response.headers if name.startswith("Access-Control-")]


@pytest.mark.parametrize(
    ("origin", "allowed"), [("https://b.example", True), ("https://evil.example", False)]
)
def test_cors_origins_are_configurable(make_app, origin, allowed):
    client = make_app(CORS_ORIGINS=["https://a.example", "https://b.example"]).test_client()
    response = client.get("/api/v1/health", headers={"Origin": origin})
    assert (response.headers.get("Access-Control-Allow-Origin") == origin) is allowed


def test_cors_exposes_the_paging_and_location_headers(client):
    response = client.get("/api/v1/health", headers={"Origin": "https://app.example"})
    exposed = {
        name.strip() for name in response.headers["Access-Control-Expose-Headers"].split(",")
    }
    assert {"Location", "Link", "Total-Count"} <= exposed

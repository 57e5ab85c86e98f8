"""Login, register and refresh are rate limited per client address (docs/API.md, Limits)."""

from uuid import uuid4

import pytest
from conftest import require_redis_url

LOGIN = "/api/v1/auth/login"
BODY = {"email": "nobody@example.com", "password": "wrong-pass-1"}


@pytest.fixture
def limited_app(make_app):
    """An app with rate limits on and tiny, so tests reach them quickly."""
    return make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_LOGIN="3 per minute",
        RATELIMIT_REGISTER="2 per minute",
        RATELIMIT_REFRESH="2 per minute",
    )


def test_login_over_the_limit_is_429_with_retry_after(limited_app):
    client = limited_app.test_client()
    statuses = [client.post(LOGIN, json=BODY).status_code for _ in range(3)]
    response = client.post(LOGIN, json=BODY)
    assert statuses == [401, 401, 401]
    assert response.status_code == 429
    assert response.json == {
        "status": "fail",
        "message": "Too many requests. Please wait and try again.",
    }
    assert 0 < int(response.headers["Retry-After"]) <= 60


def test_limits_count_per_client_address(limited_app):
    client = limited_app.test_client()
    for _ in range(4):
        client.post(LOGIN, json=BODY, environ_base={"REMOTE_ADDR": "10.0.0.1"})
    other = client.post(LOGIN, json=BODY, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert other.status_code == 401


@pytest.mark.parametrize("path", ["/api/v1/auth/register", "/api/v1/auth/refresh"])
def test_register_and_refresh_are_limited(limited_app, path):
    client = limited_app.test_client()
    statuses = [client.post(path, json={}).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]


def test_other_routes_are_not_limited(limited_app):
    client = limited_app.test_client()
    assert {client.get("/api/v1/health").status_code for _ in range(10)} == {200}


def test_a_limited_route_says_how_much_is_left(limited_app):
    client = limited_app.test_client()
    first, second = (client.post(LOGIN, json=BODY) for _ in range(2))
    assert first.headers["X-RateLimit-Limit"] == second.headers["X-RateLimit-Limit"] == "3"
    assert (first.headers["X-RateLimit-Remaining"], second.headers["X-RateLimit-Remaining"]) == (
        "2",
        "1",
    )
    assert int(first.headers["X-RateLimit-Reset"]) > 0


def test_an_unlimited_route_sends_no_limit_headers(limited_app):
    response = limited_app.test_client().get("/api/v1/health")
    assert response.status_code == 200
    assert not [name for name, _ in response.headers if name.startswith("X-RateLimit-")]


def test_limits_can_be_switched_off(make_app):
    client = make_app(RATELIMIT_ENABLED=False, RATELIMIT_LOGIN="1 per minute").test_client()
    assert [client.post(LOGIN, json=BODY).status_code for _ in range(3)] == [401, 401, 401]


def limited_at_start(make_app, storage_uri: str, key_prefix: str) -> bool:
    """Use up the login limit in one app, then ask a new app (as a new process would)."""
    settings = {
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": storage_uri,
        "RATELIMIT_KEY_PREFIX": key_prefix,
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": False,
        "RATELIMIT_LOGIN": "3 per minute",
    }
    first = make_app(**settings)
    for _ in range(3):
        first.test_client().post(LOGIN, json=BODY)
    second = make_app(**settings)  # new storage object, new connections
    return second.test_client().post(LOGIN, json=BODY).status_code == 429


def test_redis_storage_shares_counts_between_processes(make_app):
    assert limited_at_start(make_app, require_redis_url(), key_prefix=uuid4().hex)


def test_memory_storage_starts_each_process_afresh(make_app):
    assert not limited_at_start(make_app, "memory://", key_prefix=uuid4().hex)

"""GET /api/v1/health"""

from conftest import require_redis_url

from app import create_app

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"
UNREACHABLE_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:1/nothing?connect_timeout=2"


def test_health_is_ok_when_the_database_answers(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "checks": {"database": "ok"}}


def test_health_is_503_when_the_database_does_not():
    app = create_app("testing", DATABASE_URL=UNREACHABLE_DATABASE)
    response = app.test_client().get("/api/v1/health")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "checks": {"database": "unavailable"}}


def test_health_checks_redis_when_the_limits_use_it(make_app):
    url = require_redis_url()
    app = make_app(RATELIMIT_STORAGE_URI=url)
    response = app.test_client().get("/api/v1/health")
    assert response.json == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}


def test_health_names_redis_when_it_is_down_but_stays_ready(make_app):
    """Limits fall back to each process without Redis: no reason to take the instance out."""
    app = make_app(RATELIMIT_STORAGE_URI=UNREACHABLE_REDIS)
    response = app.test_client().get("/api/v1/health")
    assert response.status_code == 200
    assert response.json == {
        "status": "degraded",
        "checks": {"database": "ok", "redis": "unavailable"},
    }

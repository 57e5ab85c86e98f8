"""GET /api/v1/health"""

from app import create_app

UNREACHABLE_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:1/nothing?connect_timeout=2"


def test_health_is_ok_when_the_database_answers(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_health_is_503_when_the_database_does_not():
    app = create_app("testing", DATABASE_URL=UNREACHABLE_DATABASE)
    response = app.test_client().get("/api/v1/health")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable"}

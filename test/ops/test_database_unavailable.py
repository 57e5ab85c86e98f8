"""With the database unreachable, every route that needs it answers 503 with Retry-After."""

import pytest

from app import create_app
from app.security import tokens
from app.security.tokens import TokenKind

NOWHERE = "postgresql+psycopg://postgres@127.0.0.1:1/nothing"  # refused at once
UNAVAILABLE = {
    "status": "fail",
    "message": "The database is unavailable. Please try again shortly.",
}


@pytest.fixture
def unreachable():
    return create_app("testing", DATABASE_URL=NOWHERE)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/v1/auth/login", {"email": "ada@example.com", "password": "x" * 10}),
        ("GET", "/api/v1/auth/user", None),
        ("GET", "/api/v1/widgets", None),
    ],
)
def test_requests_get_503_in_the_envelope_with_retry_after(unreachable, method, path, body):
    with unreachable.app_context():
        claims = {"sid": "session", "auth_time": 0, "amr": ["pwd"], "scope": ""}
        token = tokens.issue(TokenKind.ACCESS, "someone", **claims).token
    headers = {"Authorization": f"Bearer {token}"}
    response = unreachable.test_client().open(path, method=method, json=body, headers=headers)
    assert response.status_code == 503
    assert response.json == UNAVAILABLE
    assert response.headers["Retry-After"] == "2"

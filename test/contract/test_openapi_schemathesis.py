"""schemathesis: generated requests for every documented operation, with and without a token.

No response may be a 5xx, and every response must match what the document says of that
operation: its status codes, content type, headers and body schema. Both documents are run:
swagger.json (Swagger 2.0) and openapi.json (OpenAPI 3).
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app import create_app, db
from app.accounts.sessions import start_session
from app.models import User
from app.ops.origin import Origin

pytestmark = pytest.mark.slow  # fuzzes every operation

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
BOUNDED = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def database_url():
    """In-process on SQLite: schemathesis drives the WSGI app directly."""
    return "sqlite://"


@pytest.fixture
def api_app(make_app):
    """Tokens must outlive the run, so they live an hour here."""
    return make_app(ACCESS_TOKEN_EXPIRE_SECONDS=3600)


@pytest.fixture
def admin_id(api_app):
    with api_app.app_context():
        admin = User(email="root@example.com", password="correct-horse-9", admin=True)
        db.session.add(admin)
        db.session.commit()
        return admin.id


def schemathesis_tests(document: str) -> tuple:
    """The two tests over every operation of `document`, read once at collection; each test
    then calls its own fresh app."""
    schema = schemathesis.openapi.from_wsgi(document, create_app("testing"))

    @schema.parametrize()
    @BOUNDED
    def without_token(case, api_app):
        case.call_and_validate(app=api_app, checks=CHECKS)

    @schema.parametrize()
    @BOUNDED
    def with_an_admin_token(case, api_app, admin_id):
        with api_app.app_context():  # a fresh token each time: logout and logout-all revoke it
            admin = db.session.get(User, admin_id)
            token = start_session(admin, Origin("", "schemathesis")).access_token
            db.session.commit()
        headers = {"Authorization": f"Bearer {token}"}
        case.call_and_validate(app=api_app, checks=CHECKS, headers=headers)

    return without_token, with_an_admin_token


test_swagger_2_without_token, test_swagger_2_with_an_admin_token = schemathesis_tests(
    "/api/v1/swagger.json"
)
test_openapi_3_without_token, test_openapi_3_with_an_admin_token = schemathesis_tests(
    "/api/v1/openapi.json"
)

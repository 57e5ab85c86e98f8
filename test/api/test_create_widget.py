"""POST /api/v1/widgets"""

import pytest

from app import db
from app.models import User

URL = "/api/v1/widgets"
BODY = {"name": "Solar-Panel", "info_url": "https://example.com/solar", "deadline": "2030-06-01"}
ADMIN_REALM = 'Bearer realm="admin_users@mydomain.com"'


def test_create_widget_is_201_with_location(client, create_account, clock):
    response = client.post(URL, data=BODY, headers=create_account(admin=True).headers)
    assert response.status_code == 201
    assert response.json == {"status": "success", "message": "New widget added: solar-panel."}
    assert response.headers["Location"] == "/api/v1/widgets/solar-panel"


def test_created_widget_is_stored_with_its_owner(client, create_account, clock):
    admin = create_account(admin=True)
    client.post(URL, json=BODY, headers=admin.headers)
    widget = client.get("/api/v1/widgets/solar-panel", headers=admin.headers).json
    assert widget["name"] == "solar-panel"
    assert widget["info_url"] == "https://example.com/solar"
    assert widget["deadline"] == "2030-06-01T23:59:59.999999+00:00"
    assert widget["owner"] == {"email": admin.email, "public_id": admin.public_id}


@pytest.mark.parametrize("deadline", ["2030-05-13", "05/13/2030", "May 13 2030", "13 May 2030"])
def test_deadline_today_in_any_dateutil_format_is_accepted(client, create_account, clock, deadline):
    admin = create_account(admin=True)
    response = client.post(URL, json=BODY | {"deadline": deadline}, headers=admin.headers)
    assert response.status_code == 201
    widget = client.get(response.headers["Location"], headers=admin.headers).json
    assert widget["deadline"] == "2030-05-13T23:59:59.999999+00:00"


@pytest.mark.parametrize("second_name", ["solar-panel", "SOLAR-PANEL", "Solar-Panel"])
def test_taken_name_in_any_case_is_409(client, create_account, clock, second_name):
    headers = create_account(admin=True).headers
    client.post(URL, json=BODY, headers=headers)
    response = client.post(URL, json=BODY | {"name": second_name}, headers=headers)
    assert response.status_code == 409
    assert response.json == {
        "status": "fail",
        "message": "Widget name: solar-panel already exists, must be unique.",
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "two words", "Widget name must be 1 to 100 letters, digits"),
        ("name", "slash/name", "Widget name must be 1 to 100 letters, digits"),
        ("name", "newline\n", "Must not contain control characters."),
        ("name", "x" * 101, "Widget name must be 1 to 100 letters, digits"),
        ("name", "", "Widget name must be 1 to 100 letters, digits"),
        ("info_url", "ftp://example.com/file", "info_url must be an http or https URL"),
        ("info_url", "example.com", "info_url must be an http or https URL"),
        ("info_url", "https://", "info_url must be an http or https URL"),
        ("info_url", 42, "info_url must be an http or https URL"),
        ("deadline", "someday", "deadline must be a date, such as 2030-05-13"),
        ("deadline", "2030-05-12", "deadline must be today (2030-05-13) or later"),
        ("deadline", "99999999999999999999", "deadline must be a date"),
    ],
)
def test_invalid_field_is_400_naming_it(client, create_account, clock, field, value, message):
    response = client.post(
        URL, json=BODY | {field: value}, headers=create_account(admin=True).headers
    )
    assert response.status_code == 400
    assert response.json["message"] == "Input payload validation failed"
    assert list(response.json["errors"]) == [field]
    assert response.json["errors"][field].startswith(message)


def test_every_bad_field_is_named_at_once(client, create_account, clock):
    body = {"name": "bad name", "info_url": "nope", "deadline": "2000-01-01"}
    response = client.post(URL, data=body, headers=create_account(admin=True).headers)
    assert response.status_code == 400
    assert set(response.json["errors"]) == {"name", "info_url", "deadline"}


def test_create_without_token_is_401_in_the_admin_realm(client):
    response = client.post(URL, json=BODY)
    assert response.status_code == 401
    assert response.json == {"status": "fail", "message": "Unauthorized"}
    assert response.headers["WWW-Authenticate"] == ADMIN_REALM


def test_create_with_invalid_token_is_401_in_the_admin_realm(client):
    response = client.post(URL, json=BODY, headers={"Authorization": "Bearer not.a.jwt"})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == (
        f'{ADMIN_REALM}, error="invalid_token", '
        'error_description="Invalid token. Please log in again."'
    )


def test_create_as_user_is_403(client, create_account, clock):
    response = client.post(URL, json=BODY, headers=create_account().headers)
    assert response.status_code == 403
    assert response.json == {"status": "fail", "message": "You are not an administrator"}
    assert response.headers["WWW-Authenticate"] == (
        f'{ADMIN_REALM}, error="insufficient_scope", '
        'error_description="You are not an administrator", scope="widgets:write"'
    )


def test_revoked_admin_token_is_401_in_the_admin_realm(client, create_account, clock):
    admin = create_account(admin=True)
    client.post("/api/v1/auth/logout", headers=admin.headers)
    response = client.post(URL, json=BODY, headers=admin.headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == (
        f'{ADMIN_REALM}, error="invalid_token", '
        'error_description="Token blacklisted. Please log in again."'
    )


def test_demoted_admin_is_403_at_once(app, client, create_account, clock):
    admin = create_account(admin=True)
    with app.app_context():
        User.find_by_public_id(admin.public_id).admin = False
        db.session.commit()
    response = client.post(URL, json=BODY, headers=admin.headers)  # token still says admin
    assert response.status_code == 403

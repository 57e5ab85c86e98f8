"""PUT /api/v1/widgets/<name>"""

BODY = {"info_url": "https://example.com/v2", "deadline": "2030-07-01"}


def test_update_existing_widget_is_200_with_the_widget(client, create_account, create_widgets):
    create_widgets("solar-panel")
    admin = create_account(admin=True)
    response = client.put("/api/v1/widgets/Solar-Panel", json=BODY, headers=admin.headers)
    assert response.status_code == 200
    assert response.json["name"] == "solar-panel"
    assert response.json["info_url"] == "https://example.com/v2"
    assert response.json["deadline"] == "2030-07-01T23:59:59.999999+00:00"
    stored = client.get("/api/v1/widgets/solar-panel", headers=admin.headers).json
    assert stored["info_url"] == "https://example.com/v2"


def test_update_unknown_name_creates_it_with_201(client, create_account, clock):
    admin = create_account(admin=True)
    response = client.put("/api/v1/widgets/New-One", data=BODY, headers=admin.headers)
    assert response.status_code == 201
    assert response.headers["Location"] == "/api/v1/widgets/new-one"
    assert response.json["name"] == "new-one"
    assert response.json["owner"]["public_id"] == admin.public_id


def test_update_to_an_invalid_new_name_is_400(client, create_account, clock):
    response = client.put(
        "/api/v1/widgets/bad.name", json=BODY, headers=create_account(admin=True).headers
    )
    assert response.status_code == 400
    assert list(response.json["errors"]) == ["name"]


def test_update_with_bad_fields_is_400_naming_each(client, create_account, create_widgets):
    create_widgets("solar-panel")
    body = {"info_url": "mailto:x@y.z", "deadline": "2030-05-01"}
    admin = create_account(admin=True)
    response = client.put("/api/v1/widgets/solar-panel", json=body, headers=admin.headers)
    assert response.status_code == 400
    assert set(response.json["errors"]) == {"info_url", "deadline"}


def test_update_as_user_is_403(client, create_account, create_widgets):
    create_widgets("solar-panel")
    response = client.put(
        "/api/v1/widgets/solar-panel", json=BODY, headers=create_account().headers
    )
    assert response.status_code == 403
    assert response.json["message"] == "You are not an administrator"


def test_update_without_token_is_401(client):
    response = client.put("/api/v1/widgets/solar-panel", json=BODY)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="admin_users@mydomain.com"'

"""DELETE /api/v1/widgets/<name>"""


def test_delete_widget_is_204_with_empty_body(client, create_account, create_widgets):
    create_widgets("solar-panel")
    admin = create_account(admin=True)
    response = client.delete("/api/v1/widgets/Solar-Panel", headers=admin.headers)
    assert response.status_code == 204
    assert response.data == b""
    assert client.get("/api/v1/widgets/solar-panel", headers=admin.headers).status_code == 404
    assert client.get("/api/v1/widgets", headers=admin.headers).headers["Total-Count"] == "0"


def test_delete_missing_widget_is_404(client, create_account):
    admin = create_account(admin=True)
    response = client.delete("/api/v1/widgets/nothing-here", headers=admin.headers)
    assert response.status_code == 404
    assert response.json == {"status": "fail", "message": "nothing-here not found in database."}


def test_delete_as_user_is_403_and_keeps_the_widget(client, create_account, create_widgets):
    create_widgets("solar-panel")
    user = create_account()
    response = client.delete("/api/v1/widgets/solar-panel", headers=user.headers)
    assert response.status_code == 403
    assert client.get("/api/v1/widgets/solar-panel", headers=user.headers).status_code == 200


def test_delete_without_token_is_401(client):
    response = client.delete("/api/v1/widgets/solar-panel")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="admin_users@mydomain.com"'

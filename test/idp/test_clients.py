"""Registering clients (POST, GET, PATCH, DELETE /clients, and `flask clients`): who may, what a
client may be registered with, and the secret shown once."""

from datetime import timedelta

import pytest
from conftest import stepped_up

from app import db
from app.models import AuditEvent, OAuthClient

CLIENTS = "/api/v1/clients"
WEB_APP = {
    "name": "Example app",
    "redirect_uris": ["https://app.example.com/callback"],
    "grant_types": ["authorization_code", "refresh_token"],
    "scopes": ["openid", "email", "widgets:read"],
}
PARTNER = {"name": "Partner", "grant_types": ["client_credentials"], "scopes": ["widgets:read"]}


@pytest.fixture
def app(make_app):
    """Access tokens outlive REAUTH_MAX_AGE, so a token can be valid but its sign-in stale."""
    return make_app(REAUTH_MAX_AGE=60, ACCESS_TOKEN_EXPIRE_SECONDS=3600)


@pytest.fixture
def admin(app, create_account):
    return stepped_up(app, create_account(admin=True))


def register(client, headers, **fields):
    return client.post(CLIENTS, json=WEB_APP | fields, headers=headers)


def test_a_confidential_client_gets_its_secret_once(app, client, admin):
    response = register(client, admin)
    assert response.status_code == 201, response.json
    body = response.json
    assert body["type"] == "confidential" and len(body["client_secret"]) >= 40
    assert body["redirect_uris"] == WEB_APP["redirect_uris"]
    listed = client.get(CLIENTS, headers=admin).json["clients"]
    assert [c["client_id"] for c in listed] == [body["client_id"]]
    assert "client_secret" not in listed[0]
    one = client.get(f"{CLIENTS}/{body['client_id']}", headers=admin)
    assert one.status_code == 200 and "client_secret" not in one.json
    with app.app_context():
        stored = OAuthClient.find(body["client_id"])
        assert stored.secret_hash != body["client_secret"]  # a hash, not the secret
        events = db.session.scalars(db.select(AuditEvent.event)).all()
    assert "client_created" in events


def test_a_public_client_has_no_secret(client, admin):
    response = register(client, admin, type="public")
    assert response.status_code == 201
    assert "client_secret" not in response.json


def test_a_public_client_may_not_act_for_itself(client, admin):
    response = register(client, admin, type="public", grant_types=["client_credentials"])
    assert response.status_code == 400
    assert response.json["errors"]["grant_types"] == (
        "A public client may not use the grant 'client_credentials'."
    )


@pytest.mark.parametrize(
    "uri",
    [
        "http://app.example.com/callback",  # plain http off the loopback
        "https://user:pass@app.example.com/callback",
        "https://*.example.com/callback",
        "https://app.example.com/callback#fragment",
        "http://127.0.0.1:99999/callback",
        "http://127.0.0.1:0/callback",
        "https://app.example.com/call back",
        "https://app.example.com/\u200bcallback",  # invisible
        "https://ａｐｐ.example.com/callback",  # full-width
        "https://app.example.com\\@evil.example/",
        "https://good.example%40evil.example/cb",
        "https://app.example.com/%0d%0aSet-Cookie:x",
        "https://app.example.com/" + "a" * 400,
        "javascript:alert(1)",
        "callback",
        "",
    ],
)
def test_a_redirect_uri_must_be_exact_and_plain(client, admin, uri):
    response = register(client, admin, redirect_uris=[uri])
    assert response.status_code == 400, response.json
    assert "redirect_uris" in response.json["errors"]


@pytest.mark.parametrize(
    "uri",
    [
        "https://app.example.com/cb?x=1",
        "http://127.0.0.1:8080/cb",
        "http://[::1]/cb",
        "com.example.app:/callback",
    ],
)
def test_these_redirect_uris_are_fine(client, admin, uri):
    assert register(client, admin, redirect_uris=[uri]).status_code == 201


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Pay\u202epal"),  # a right-to-left override
        ("name", "x" * 101),
        ("name", "   "),
        ("scopes", ["users:read"]),  # other people's data is never delegated
        ("scopes", ["tokens:introspect"]),
        ("scopes", ["clients:write"]),
        ("grant_types", ["password"]),
        ("grant_types", ["implicit"]),
        ("grant_types", []),
        ("redirect_uris", "https://app.example.com/callback"),  # not a list
    ],
)
def test_what_a_client_may_not_be_registered_with(client, admin, field, value):
    response = register(client, admin, **{field: value})
    assert response.status_code == 400, response.json
    assert field in response.json["errors"]


def test_the_code_grant_needs_a_redirect_uri(client, admin):
    response = register(client, admin, redirect_uris=[])
    assert response.status_code == 400
    assert response.json["errors"]["redirect_uris"] == (
        "The authorization_code grant needs a redirect URI."
    )


def test_only_a_recent_full_admin_session_registers(app, client, create_account, clock):
    admin = create_account(admin=True)
    user = create_account()
    assert register(client, user.headers).status_code == 403  # not an admin
    clock.shift(timedelta(seconds=61))
    stale = register(client, admin.headers)  # an admin, but the sign-in is not recent
    assert stale.status_code == 401
    assert "insufficient_user_authentication" in stale.headers["WWW-Authenticate"]
    fresh = stepped_up(app, admin)
    personal = client.post(
        "/api/v1/auth/tokens",
        json={"name": "script", "scopes": "clients:write"},
        headers=fresh,
    ).json["token"]
    refused = register(client, {"Authorization": f"Bearer {personal}"})
    assert refused.status_code == 403
    assert 'scope="account"' in refused.headers["WWW-Authenticate"]


def test_changing_a_client(client, admin):
    client_id = register(client, admin).json["client_id"]
    response = client.patch(
        f"{CLIENTS}/{client_id}", json={"name": "Renamed", "first_party": True}, headers=admin
    )
    assert response.status_code == 200, response.json
    assert (response.json["name"], response.json["first_party"]) == ("Renamed", True)
    assert "client_secret" not in response.json
    rotated = client.patch(f"{CLIENTS}/{client_id}", json={"new_secret": True}, headers=admin)
    assert len(rotated.json["client_secret"]) >= 40


def test_removing_a_client(client, admin):
    client_id = register(client, admin).json["client_id"]
    assert client.delete(f"{CLIENTS}/{client_id}", headers=admin).status_code == 204
    gone = client.get(f"{CLIENTS}/{client_id}", headers=admin)
    assert (gone.status_code, gone.json["message"]) == (404, "No client with that client_id.")


def test_the_command_line_registers_lists_and_removes(app, runner):
    added = runner.invoke(
        args=[
            "clients",
            "add",
            "Partner",
            "--grant",
            "client_credentials",
            "--scope",
            "widgets:read",
        ]
    )
    assert added.exit_code == 0, added.output
    client_id = added.output.split("client_id: ")[1].split()[0]
    assert "client_secret: " in added.output
    listed = runner.invoke(args=["clients", "list"])
    assert client_id in listed.output and "Partner" in listed.output
    refused = runner.invoke(
        args=["clients", "add", "Web", "--type", "public", "--grant", "client_credentials"]
    )
    assert refused.exit_code == 1
    assert "may not use the grant 'client_credentials'" in refused.output
    assert runner.invoke(args=["clients", "remove", client_id]).exit_code == 0
    with app.app_context():
        assert OAuthClient.find(client_id) is None
    assert runner.invoke(args=["clients", "remove", client_id]).exit_code == 1

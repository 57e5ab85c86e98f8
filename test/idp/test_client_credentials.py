"""client_credentials at POST /oauth/token: a confidential client's own token, honoured by the
API like a narrowed session, ended when the client is narrowed or removed; client
authentication, revocation and introspection as the RFCs and the contract say."""

import base64
import json
from datetime import timedelta

import pytest
from conftest import stepped_up

from app import db
from app.models import AuditEvent

TOKEN = "/api/v1/oauth/token"
CLIENTS = "/api/v1/clients"
BAD_CLIENT = "Client authentication failed."


@pytest.fixture
def app(make_app):
    return make_app(ACCESS_TOKEN_EXPIRE_SECONDS=3600)


@pytest.fixture
def admin(app, create_account):
    return stepped_up(app, create_account(admin=True))


@pytest.fixture
def partner(client, admin):
    """A confidential client that may read widgets for itself: (client_id, client_secret)."""
    body = {
        "name": "Partner",
        "grant_types": ["client_credentials"],
        "scopes": ["widgets:read", "widgets:write"],
    }
    created = client.post(CLIENTS, json=body, headers=admin).json
    return created["client_id"], created["client_secret"]


def basic(client_id, secret):
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


def own_token(client, credentials, **form):
    return client.post(
        TOKEN, data={"grant_type": "client_credentials", **form}, headers=basic(*credentials)
    )


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_a_client_reads_widgets_with_its_own_token(create_widgets, client, partner):
    create_widgets("a", "b", "c")
    response = own_token(client, partner)
    assert response.status_code == 200, response.json
    assert response.json["scope"] == "widgets:read"
    assert response.json["token_type"] == "Bearer"
    assert "refresh_token" not in response.json
    assert response.headers["Cache-Control"] == "no-store"
    widgets = client.get("/api/v1/widgets", headers=bearer(response.json["access_token"]))
    assert (widgets.status_code, widgets.json["total_items"]) == (200, 3)
    owners = [widget["owner"] for widget in widgets.json["items"]]
    assert all(set(owner) == {"public_id"} for owner in owners)  # no one's address
    one = client.get("/api/v1/widgets/a", headers=bearer(response.json["access_token"]))
    assert set(one.json["owner"]) == {"public_id"}


def test_the_secret_may_come_in_the_form(client, partner):
    client_id, secret = partner
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    assert client.post(TOKEN, data=form).status_code == 200


@pytest.mark.parametrize(
    "path", ["/api/v1/auth/user", "/api/v1/auth/sessions", "/api/v1/auth/tokens"]
)
def test_its_token_never_reaches_an_account(client, partner, path):
    token = own_token(client, partner).json["access_token"]
    response = client.get(path, headers=bearer(token))
    assert response.status_code == 403
    assert 'scope="account"' in response.headers["WWW-Authenticate"]


def test_its_token_never_writes(client, partner):
    refused = own_token(client, partner, scope="widgets:write")
    assert refused.status_code == 400
    assert refused.json == {
        "error": "invalid_scope",
        "error_description": "This client may not ask for 'widgets:write' here.",
    }


@pytest.mark.parametrize(
    ("scope", "error"),
    [
        ("users:read", "invalid_scope"),
        ("widgets:read\u3000widgets:write", "invalid_scope"),  # only ASCII spaces separate
        ("widgets:read\u00a0", "invalid_scope"),
        ("widgets:read\twidgets:write", "invalid_request"),  # a control character
    ],
)
def test_a_scope_it_may_not_hold_is_refused_not_dropped(client, partner, scope, error):
    response = own_token(client, partner, scope=scope)
    assert (response.status_code, response.json["error"]) == (400, error)


def test_an_unknown_client_and_a_wrong_secret_look_alike(app, client, partner):
    client_id, _ = partner
    answers = []
    for credentials in ((client_id, "wrong"), ("no-such-client", "wrong")):
        by_basic = own_token(client, credentials)
        form = {"grant_type": "client_credentials", "client_id": credentials[0]}
        by_form = client.post(TOKEN, data=form | {"client_secret": credentials[1]})
        without_secret = client.post(TOKEN, data=form)
        answers.append([(r.status_code, r.json) for r in (by_basic, by_form, without_secret)])
        assert by_basic.headers["WWW-Authenticate"].startswith("Basic ")
    assert answers[0] == answers[1]
    assert answers[0][0] == (401, {"error": "invalid_client", "error_description": BAD_CLIENT})
    with app.app_context():
        refused = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.event == "requests_refused")
        ).all()
    assert {json.loads(row.details)["refused"] for row in refused} == {"client_auth_failed"}


@pytest.mark.parametrize(
    "authorization",
    [
        "Basic \u00ff\u00fe",
        "Basic " + base64.b64encode(b"\xff:\x80").decode(),
        "Basic !!!",
        "Basic " + base64.b64encode(b"no-colon").decode(),
    ],
)
def test_malformed_basic_credentials_are_invalid_client(client, partner, authorization):
    response = client.post(
        TOKEN, data={"grant_type": "client_credentials"}, headers={"Authorization": authorization}
    )
    assert (response.status_code, response.json["error"]) == (401, "invalid_client")


def test_one_way_of_authenticating_at_a_time(client, partner):
    client_id, secret = partner
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    response = client.post(TOKEN, data=form, headers=basic(*partner))
    assert response.status_code == 400
    assert response.json["error"] == "invalid_request"


def test_a_field_sent_twice_or_as_json_is_invalid_request(client, partner):
    twice = client.post(
        TOKEN,
        data="grant_type=client_credentials&scope=widgets:read&scope=widgets:write",
        content_type="application/x-www-form-urlencoded",
        headers=basic(*partner),
    )
    assert (twice.status_code, twice.json["error"]) == (400, "invalid_request")
    as_json = client.post(TOKEN, json={"grant_type": "client_credentials"}, headers=basic(*partner))
    assert (as_json.status_code, as_json.json["error"]) == (400, "invalid_request")


def test_a_public_client_is_unauthorized_for_it(client, admin):
    body = {
        "name": "Web",
        "type": "public",
        "redirect_uris": ["https://app.example.com/cb"],
        "grant_types": ["authorization_code"],
        "scopes": ["widgets:read"],
    }
    client_id = client.post(CLIENTS, json=body, headers=admin).json["client_id"]
    form = {"grant_type": "client_credentials", "client_id": client_id}
    response = client.post(TOKEN, data=form)
    assert (response.status_code, response.json["error"]) == (400, "unauthorized_client")


def test_the_password_grant_is_not_for_clients(client, partner):
    form = {"grant_type": "password", "username": "a@example.com", "password": "x"}
    response = client.post(TOKEN, data=form, headers=basic(*partner))
    assert (response.status_code, response.json["error"]) == (400, "unsupported_grant_type")


@pytest.mark.parametrize(
    "change",
    [
        {"grant_types": ["authorization_code"], "redirect_uris": ["https://a.example.com/cb"]},
        {"scopes": ["widgets:write"]},
        {"new_secret": True},
    ],
)
def test_narrowing_the_client_ends_its_tokens(clock, client, admin, partner, change):
    client_id, _ = partner
    token = own_token(client, partner).json["access_token"]
    clock.shift(timedelta(seconds=1))
    assert client.patch(f"{CLIENTS}/{client_id}", json=change, headers=admin).status_code == 200
    refused = client.get("/api/v1/widgets", headers=bearer(token))
    assert refused.status_code == 401
    assert 'error="invalid_token"' in refused.headers["WWW-Authenticate"]


def test_giving_a_scope_back_does_not_revive_old_tokens(clock, client, admin, partner):
    client_id, _ = partner
    token = own_token(client, partner).json["access_token"]
    clock.shift(timedelta(seconds=1))
    client.patch(f"{CLIENTS}/{client_id}", json={"scopes": ["widgets:write"]}, headers=admin)
    client.patch(f"{CLIENTS}/{client_id}", json={"scopes": ["widgets:read"]}, headers=admin)
    assert client.get("/api/v1/widgets", headers=bearer(token)).status_code == 401
    fresh = own_token(client, partner).json["access_token"]
    assert client.get("/api/v1/widgets", headers=bearer(fresh)).status_code == 200


def test_removing_the_client_ends_its_tokens(client, admin, partner):
    token = own_token(client, partner).json["access_token"]
    assert client.delete(f"{CLIENTS}/{partner[0]}", headers=admin).status_code == 204
    assert client.get("/api/v1/widgets", headers=bearer(token)).status_code == 401
    assert own_token(client, partner).status_code == 401


def test_a_client_revokes_and_introspects_its_own_tokens_only(client, admin, partner):
    other_body = {
        "name": "Other",
        "grant_types": ["client_credentials"],
        "scopes": ["widgets:read"],
    }
    other = client.post(CLIENTS, json=other_body, headers=admin).json
    other_credentials = (other["client_id"], other["client_secret"])
    token = own_token(client, partner).json["access_token"]

    seen_by_other = client.post(
        "/api/v1/auth/introspect", data={"token": token}, headers=basic(*other_credentials)
    )
    assert seen_by_other.json == {"active": False}
    seen = client.post("/api/v1/auth/introspect", data={"token": token}, headers=basic(*partner))
    assert seen.json["active"] is True
    assert (seen.json["sub"], seen.json["client_id"]) == (partner[0], partner[0])
    assert seen.json["scope"] == "widgets:read"

    revoked_by_other = client.post(
        "/api/v1/auth/revoke", data={"token": token}, headers=basic(*other_credentials)
    )
    assert revoked_by_other.status_code == 200
    assert client.get("/api/v1/widgets", headers=bearer(token)).status_code == 200
    client.post("/api/v1/auth/revoke", data={"token": token}, headers=basic(*partner))
    assert client.get("/api/v1/widgets", headers=bearer(token)).status_code == 401


def test_its_own_token_cannot_introspect(client, partner):
    token = own_token(client, partner).json["access_token"]
    response = client.post("/api/v1/auth/introspect", data={"token": token}, headers=bearer(token))
    assert response.status_code == 403


def test_wrong_credentials_at_revoke_and_introspect_are_401(client, partner):
    wrong = basic(partner[0], "wrong")
    revoke = client.post("/api/v1/auth/revoke", data={"token": "x"}, headers=wrong)
    assert (revoke.status_code, revoke.json["error"]) == (401, "invalid_client")
    assert revoke.headers["WWW-Authenticate"].startswith("Basic ")
    introspect = client.post("/api/v1/auth/introspect", data={"token": "x"}, headers=wrong)
    assert introspect.status_code == 401
    assert introspect.json["message"] == "Client authentication failed."
    assert introspect.headers["WWW-Authenticate"].startswith("Basic ")


def test_each_token_issued_is_audited(app, client, partner):
    own_token(client, partner)
    with app.app_context():
        row = db.session.scalar(
            db.select(AuditEvent).where(AuditEvent.event == "oauth_token_issued")
        )
    assert json.loads(row.details) == {
        "client": partner[0],
        "grant": "client_credentials",
        "scope": "widgets:read",
    }


def test_the_token_endpoint_is_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_OAUTH_TOKEN="2 per minute")
    client = app.test_client()
    answers = [
        client.post(TOKEN, data={"grant_type": "client_credentials"}).status_code for _ in range(3)
    ]
    assert answers == [401, 401, 429]  # no credentials at all, then the limit


@pytest.mark.parametrize("path", [TOKEN, "/api/v1/auth/revoke", "/api/v1/auth/introspect"])
def test_a_nul_in_a_client_id_is_a_failed_authentication_not_a_500(client, partner, path):
    form = {"grant_type": "client_credentials", "token": "x"}
    by_basic = client.post(path, data=form, headers=basic("abc\x00", "x"))
    by_form = client.post(path, data=form | {"client_id": "abc%00", "client_secret": "x"})
    encoded = client.post(path, data=form, headers=basic("abc%00", "x"))
    assert [r.status_code for r in (by_basic, by_form, encoded)] == [401, 401, 401]


def test_fields_in_the_query_are_refused_not_merged(client, partner):
    response = client.post(
        f"{TOKEN}?scope=widgets:read",
        data={"grant_type": "client_credentials", "scope": "bogus"},
        headers=basic(*partner),
    )
    assert (response.status_code, response.json["error"]) == (400, "invalid_request")


def test_basic_and_another_client_id_in_the_form_are_refused(client, admin, partner):
    body = {"name": "Other", "grant_types": ["client_credentials"], "scopes": ["widgets:read"]}
    other = client.post(CLIENTS, json=body, headers=admin).json["client_id"]
    form = {"grant_type": "client_credentials", "client_id": other}
    response = client.post(TOKEN, data=form, headers=basic(*partner))
    assert (response.status_code, response.json["error"]) == (400, "invalid_request")


def test_a_client_with_no_scope_of_its_own_gets_no_token(client, admin):
    body = {"name": "Writer", "grant_types": ["client_credentials"], "scopes": ["widgets:write"]}
    created = client.post(CLIENTS, json=body, headers=admin).json
    response = own_token(client, (created["client_id"], created["client_secret"]))
    assert (response.status_code, response.json["error"]) == (400, "invalid_scope")


def test_a_client_cannot_revoke_a_person_s_refresh_token(client, partner, create_account):
    person = create_account()
    login = client.post(
        "/api/v1/auth/login", json={"email": person.email, "password": person.password}
    ).json
    client.post(
        "/api/v1/auth/revoke", data={"token": login["refresh_token"]}, headers=basic(*partner)
    )
    refreshed = client.post("/api/v1/auth/refresh", json={"refresh_token": login["refresh_token"]})
    assert refreshed.status_code == 200


def test_a_failed_client_authentication_reads_alike_everywhere(client, partner):
    wrong = basic(partner[0], "wrong")
    answers = [
        client.post(TOKEN, data={"grant_type": "client_credentials"}, headers=wrong),
        client.post("/api/v1/auth/revoke", data={"token": "x"}, headers=wrong),
    ]
    assert {r.json["error_description"] for r in answers} == {"Client authentication failed."}
    assert {r.headers["WWW-Authenticate"] for r in answers} == {
        'Basic realm="registered_users@mydomain.com", error="invalid_client"'
    }

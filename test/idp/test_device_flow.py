"""The device authorization grant (RFC 8628), end to end through the test client: a device
asks for codes, a person signs in on /signin and enters the user code on /device, decides, and
the device polls /oauth/token until it gets tokens (or is told no)."""

import json
import re
from datetime import timedelta

import jwt
import pytest
from conftest import stepped_up
from support.hosted_pages import SITE, HostedClient, the_form

from app import db
from app.models import AuditEvent

ASK = "/api/v1/oauth/device_authorization"
TOKEN = "/api/v1/oauth/token"
CLIENTS = "/api/v1/clients"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
USER_CODE = re.compile(r"[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}")


@pytest.fixture
def app(make_app):
    return make_app(PUBLIC_URL=SITE)


@pytest.fixture
def site(client) -> HostedClient:
    return HostedClient(client)


@pytest.fixture
def register(client, create_account, app):
    """Factory: register(**fields) makes a client as an admin would; its JSON answer."""
    admin = stepped_up(app, create_account(admin=True))

    def make(**fields):
        body = {
            "name": "Living-room TV",
            "grant_types": [DEVICE_GRANT, "refresh_token"],
            "scopes": ["openid", "email", "offline_access", "widgets:read"],
            **fields,
        }
        created = client.post(CLIENTS, json=body, headers=admin)
        assert created.status_code == 201, created.json
        return created.json

    return make


@pytest.fixture
def tv(register):
    return register()


@pytest.fixture
def person(create_account):
    return create_account()


def credentials(registered):
    """The form fields a client authenticates with: client_secret_post, or a public client's id."""
    fields = {"client_id": registered["client_id"]}
    return fields | (
        {"client_secret": registered["client_secret"]} if "client_secret" in registered else {}
    )


def ask(client, registered, scope="openid email offline_access"):
    return client.post(ASK, data={**credentials(registered), "scope": scope})


def poll(client, registered, device_code):
    form = {"grant_type": DEVICE_GRANT, "device_code": device_code, **credentials(registered)}
    return client.post(TOKEN, data=form)


def enter(site, person, typed):
    """Sign in through /device (not signed in: the sign-in page first), then post `typed`."""
    entry = site.get("/device")
    if entry.status_code == 303:
        entry = site.get(site.sign_in(person.email, person.password, entry.location).location)
    return site.submit(entry, user_code=typed)


def allow(site, person, user_code, decision="allow"):
    consent = enter(site, person, user_code)
    assert consent.status_code == 200, consent.get_data(as_text=True)
    return site.submit(consent, decision=decision)


def test_the_whole_flow(app, client, site, tv, person, clock):
    asked = ask(client, tv)
    assert asked.status_code == 200, asked.json
    codes = asked.json
    assert USER_CODE.fullmatch(codes["user_code"])
    assert codes["verification_uri"] == f"{SITE}/device"
    assert codes["verification_uri_complete"] == f"{SITE}/device?user_code={codes['user_code']}"
    assert (codes["expires_in"], codes["interval"]) == (600, 5)
    assert asked.headers["Cache-Control"] == "no-store"
    assert poll(client, tv, codes["device_code"]).json["error"] == "authorization_pending"
    assert poll(client, tv, codes["device_code"]).json["error"] == "slow_down"

    consent = enter(site, person, codes["user_code"].replace("-", "").lower())
    page = consent.get_data(as_text=True)
    assert "Living-room TV" in page and "See your email address" in page
    assert set(the_form(consent)["fields"]) == {"csrf_token", "user_code"}
    done = site.submit(consent, decision="allow")
    assert "go back to your device" in done.get_data(as_text=True)

    clock.shift(timedelta(seconds=5))
    tokens = poll(client, tv, codes["device_code"])
    assert tokens.status_code == 200, tokens.json
    assert tokens.json["scope"] == "openid email offline_access"
    assert "refresh_token" in tokens.json
    claims = jwt.decode(tokens.json["id_token"], options={"verify_signature": False})
    assert (claims["aud"], claims["sub"], claims["amr"]) == (
        tv["client_id"],
        person.public_id,
        ["pwd"],
    )
    assert "nonce" not in claims and claims["iss"] == SITE
    bearer = {"Authorization": f"Bearer {tokens.json['access_token']}"}
    userinfo = client.get("/api/v1/oauth/userinfo", headers=bearer)
    assert userinfo.json == {"sub": person.public_id, "email": person.email, "email_verified": True}
    with app.app_context():
        issued = db.session.scalar(db.select(AuditEvent).filter_by(event="oauth_token_issued"))
        assert json.loads(issued.details)["grant"] == DEVICE_GRANT


@pytest.mark.parametrize("typed", ["{code}", "{lower}", " {lower_plain} "])
def test_the_code_is_taken_with_or_without_its_dash_in_any_case(client, site, tv, person, typed):
    code = ask(client, tv).json["user_code"]
    as_typed = typed.format(
        code=code, lower=code.lower(), lower_plain=code.replace("-", "").lower()
    )
    consent = enter(site, person, as_typed)
    assert consent.status_code == 200
    assert the_form(consent)["fields"]["user_code"] == code


def test_the_link_with_the_code_comes_back_after_signing_in(client, site, tv, person):
    code = ask(client, tv).json["user_code"]
    to_signin = site.get(f"/device?user_code={code}")
    assert to_signin.status_code == 303
    back = site.sign_in(person.email, person.password, to_signin.location)
    assert back.location == f"/device?user_code={code}"
    assert the_form(site.get(back.location))["fields"]["user_code"] == code


def test_a_wrong_code_shows_the_form_again(client, site, tv, person):
    ask(client, tv)
    refused = enter(site, person, "BBBB-BBBB")
    assert refused.status_code == 400
    assert "That code is not right" in refused.get_data(as_text=True)
    assert set(the_form(refused)["fields"]) == {"csrf_token", "user_code"}


def test_denied(client, site, tv, person, clock):
    codes = ask(client, tv).json
    done = allow(site, person, codes["user_code"], decision="deny")
    assert "You did not allow it" in done.get_data(as_text=True)
    refused = poll(client, tv, codes["device_code"])
    assert (refused.status_code, refused.json["error"]) == (400, "access_denied")


def test_expired_after_ten_minutes(client, site, tv, person, clock):
    codes = ask(client, tv).json
    clock.shift(timedelta(seconds=601))
    expired = poll(client, tv, codes["device_code"])
    assert (expired.status_code, expired.json["error"]) == (400, "expired_token")
    assert enter(site, person, codes["user_code"]).status_code == 400


def test_a_device_code_is_exchanged_once(client, site, tv, person):
    codes = ask(client, tv).json
    allow(site, person, codes["user_code"])
    assert poll(client, tv, codes["device_code"]).status_code == 200
    again = poll(client, tv, codes["device_code"])
    assert (again.status_code, again.json["error"]) == (400, "invalid_grant")


def test_a_public_first_party_client_without_consent_or_refresh(client, site, register, person):
    cli = register(type="public", first_party=True, grant_types=[DEVICE_GRANT])
    codes = ask(client, cli, scope="openid widgets:read").json
    done = enter(site, person, codes["user_code"])
    assert "go back to your device" in done.get_data(as_text=True)
    tokens = poll(client, cli, codes["device_code"])
    assert tokens.status_code == 200, tokens.json
    assert "refresh_token" not in tokens.json and "id_token" in tokens.json


def test_a_remembered_consent_is_not_asked_again(client, site, tv, person):
    allow(site, person, ask(client, tv).json["user_code"])
    done = site.submit(
        site.get("/device"), user_code=ask(client, tv, scope="openid").json["user_code"]
    )
    assert "go back to your device" in done.get_data(as_text=True)


def test_a_client_without_the_grant_is_unauthorized_client(client, register):
    web = register(grant_types=["authorization_code"], redirect_uris=["https://app.example.com/cb"])
    refused = ask(client, web)
    assert (refused.status_code, refused.json["error"]) == (400, "unauthorized_client")
    polled = poll(client, web, "anything")
    assert (polled.status_code, polled.json["error"]) == (400, "unauthorized_client")


@pytest.mark.parametrize("scope", ["", "users:read", "openid profile"])
def test_a_scope_the_client_may_not_ask_for_is_invalid_scope(client, tv, scope):
    refused = ask(client, tv, scope=scope)
    assert (refused.status_code, refused.json["error"]) == (400, "invalid_scope")


def test_another_clients_device_code_is_invalid_grant(client, site, tv, register, person):
    codes = ask(client, tv).json
    allow(site, person, codes["user_code"])
    other = register(name="Other TV")
    refused = poll(client, other, codes["device_code"])
    assert (refused.status_code, refused.json["error"]) == (400, "invalid_grant")
    assert poll(client, tv, codes["device_code"]).status_code == 200


def test_a_wrong_secret_is_invalid_client(client, tv):
    refused = client.post(ASK, data={"client_id": tv["client_id"], "client_secret": "wrong"})
    assert (refused.status_code, refused.json["error"]) == (401, "invalid_client")


def test_a_device_post_without_csrf_is_403(client, site, tv, person):
    code = ask(client, tv).json["user_code"]
    entry = site.get("/device")
    site.sign_in(person.email, person.password, entry.location)
    forged = site.post("/device", data={"user_code": code})
    assert forged.status_code == 403


def test_guessing_codes_is_rate_limited(make_app):
    limited = make_app(
        PUBLIC_URL=SITE, RATELIMIT_ENABLED=True, RATELIMIT_DEVICE_USER_CODE="2/minute"
    )
    site = HostedClient(limited.test_client())
    form = {**the_form(site.get("/signin"))["fields"], "user_code": "BBBB-BBBB"}
    statuses = [site.post("/device", data=form).status_code for _ in range(3)]
    assert statuses == [303, 303, 429]


def test_its_refresh_token_refreshes_the_session_granted_to_the_client(client, site, tv, person):
    codes = ask(client, tv, scope="openid offline_access").json
    allow(site, person, codes["user_code"])
    refresh = poll(client, tv, codes["device_code"]).json["refresh_token"]
    form = {"grant_type": "refresh_token", "refresh_token": refresh, **credentials(tv)}
    refreshed = client.post(TOKEN, data=form)
    assert refreshed.status_code == 200, refreshed.json
    assert refreshed.json["scope"] == "openid offline_access"

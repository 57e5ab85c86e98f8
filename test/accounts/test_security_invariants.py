"""The rules of docs/API.md, "Security invariants", that are not a row of a table: signing in
again rotates and is guarded like a login; limits count only verified identities; a scope
narrows a session for good, through refreshes and second steps; REQUIRE_MFA_FOR_ADMINS holds
every role that sees other people's data."""

import re
from datetime import timedelta

import jwt
import pyotp
import pytest
from conftest import account_in, enable_totp

from app import db
from app.models import AuditEvent
from app.util.datetime_util import utc_now

AUTH = "/api/v1/auth"
REAUTH = f"{AUTH}/reauthenticate"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def log_in(client, account) -> dict:
    body = {"email": account.email, "password": account.password}
    response = client.post(f"{AUTH}/login", json=body)
    assert response.status_code == 200, response.json
    return response.json


def events(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(db.select(AuditEvent.event).order_by(AuditEvent.id)))


def test_reauthenticating_spends_the_old_refresh_token(client, create_account, clock):
    account = create_account()
    pair = log_in(client, account)
    body = {"password": account.password}
    again = client.post(REAUTH, json=body, headers=bearer(pair["access_token"]))
    assert again.status_code == 200, again.json
    old = client.post(f"{AUTH}/refresh", json={"refresh_token": pair["refresh_token"]})
    assert (old.status_code, old.json["message"]) == (
        401,
        "Token blacklisted. Please log in again.",
    )
    # Reuse of a spent token is theft: the session it belonged to ends, the new pair with it.
    assert client.get(f"{AUTH}/user", headers=bearer(again.json["access_token"])).status_code == 401
    new = client.post(f"{AUTH}/refresh", json={"refresh_token": again.json["refresh_token"]})
    assert new.status_code == 401


def test_the_new_refresh_token_of_a_reauthentication_keeps_working(client, create_account, clock):
    account = create_account()
    pair = log_in(client, account)
    again = client.post(
        REAUTH, json={"password": account.password}, headers=bearer(pair["access_token"])
    )
    refreshed = client.post(f"{AUTH}/refresh", json={"refresh_token": again.json["refresh_token"]})
    assert refreshed.status_code == 200


def test_wrong_passwords_at_reauthentication_are_audited_and_throttled(make_app, clock):
    app = make_app(LOGIN_FAILURES_BEFORE_DELAY=2)
    client = app.test_client()
    account = account_in(app)
    for _ in range(2):
        wrong = client.post(REAUTH, json={"password": "not-my-password"}, headers=account.headers)
        assert (wrong.status_code, list(wrong.json["errors"])) == (400, ["password"])
    assert events(app).count("reauthentication_failed") == 2
    throttled = client.post(REAUTH, json={"password": account.password}, headers=account.headers)
    assert throttled.status_code == 429
    assert int(throttled.headers["Retry-After"]) > 0
    login = client.post(f"{AUTH}/login", json={"email": account.email, "password": "x" * 8})
    assert login.status_code == 429  # the same episode as the logins'


def test_reauthentication_is_limited_per_address(make_app, clock):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="2 per minute")
    client = app.test_client()
    account = account_in(app)
    statuses = [
        client.post(REAUTH, json={"password": "wrong-one-1"}, headers=account.headers).status_code
        for _ in range(3)
    ]
    assert statuses == [400, 400, 429]


def test_a_forged_mfa_token_never_spends_its_victims_attempts(make_app, forge_token_for, clock):
    app = make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_LOGIN_MFA="100 per minute",
        RATELIMIT_LOGIN_MFA_PER_ACCOUNT="2 per hour",
    )
    client = app.test_client()
    victim = account_in(app)
    authenticator = enable_totp(client, victim)
    forged = forge_token_for(victim.public_id)
    for _ in range(3):
        client.post(f"{AUTH}/login/mfa", json={"mfa_token": forged, "code": "123456"})
    mfa_token = client.post(
        f"{AUTH}/login", json={"email": victim.email, "password": victim.password}
    ).json["mfa_token"]
    code = authenticator.at(utc_now() + timedelta(seconds=30))
    answer = client.post(f"{AUTH}/login/mfa", json={"mfa_token": mfa_token, "code": code})
    assert answer.status_code == 200, answer.json


def clock_now(clock):
    return utc_now()


@pytest.fixture
def forge_token_for():
    """An mfa_token naming someone, signed with a key that is not ours."""

    def forge(public_id: str) -> str:
        claims = {"sub": public_id, "type": "mfa", "jti": "x", "iat": 0, "exp": 2**31}
        return jwt.encode(claims, "not-our-key-" + "x" * 40, "HS256")

    return forge


def test_a_refresh_with_a_scope_narrows_the_session_for_good(client, create_account):
    account = create_account()
    grant = {"grant_type": "password", "username": account.email, "password": account.password}
    full = client.post(f"{AUTH}/token", data=grant).json
    narrow = {"grant_type": "refresh_token", "refresh_token": full["refresh_token"]}
    narrowed = client.post(f"{AUTH}/token", data=narrow | {"scope": "widgets:read"}).json
    assert narrowed["scope"] == "widgets:read"
    tokens = bearer(narrowed["access_token"])
    assert (
        client.post(
            f"{AUTH}/tokens", json={"name": "x", "scopes": "widgets:read"}, headers=tokens
        ).status_code
        == 403
    )
    plain = {"grant_type": "refresh_token", "refresh_token": narrowed["refresh_token"]}
    after = client.post(f"{AUTH}/token", data=plain).json
    assert after["scope"] == "widgets:read"  # no scope asked: it stays narrowed
    wider = plain | {"refresh_token": after["refresh_token"], "scope": "widgets:read audit:read"}
    refused = client.post(f"{AUTH}/token", data=wider)
    assert (refused.status_code, refused.json["error"]) == (400, "invalid_scope")
    still = plain | {"refresh_token": after["refresh_token"]}
    assert client.post(f"{AUTH}/token", data=still).status_code == 200  # a refusal spends nothing


def test_the_scope_of_the_password_grant_survives_its_second_step(client, create_account, clock):
    account = create_account(admin=True)
    authenticator = enable_totp(client, account)
    grant = {
        "grant_type": "password",
        "username": account.email,
        "password": account.password,
        "scope": "widgets:read",
    }
    asked = client.post(f"{AUTH}/token", data=grant)
    assert (asked.status_code, asked.json["error"]) == (403, "mfa_required")
    code = authenticator.at(utc_now() + timedelta(seconds=30))
    done = client.post(
        f"{AUTH}/login/mfa", json={"mfa_token": asked.json["mfa_token"], "code": code}
    )
    assert done.status_code == 200, done.json
    claims = jwt.decode(done.json["access_token"], options={"verify_signature": False})
    assert claims["scope"] == "widgets:read"
    headers = bearer(done.json["access_token"])
    assert client.get("/api/v1/users", headers=headers).status_code == 403
    refused = client.post(
        f"{AUTH}/tokens", json={"name": "x", "scopes": "widgets:read"}, headers=headers
    )
    assert refused.status_code == 403
    assert 'scope="account"' in refused.headers["WWW-Authenticate"]


@pytest.mark.parametrize(
    ("role", "refused"), [("auditor", True), ("admin", True), ("editor", False)]
)
def test_two_factor_is_required_of_every_role_that_sees_others(make_app, role, refused, clock):
    app = make_app(REQUIRE_MFA_FOR_ADMINS=True)
    client, runner = app.test_client(), app.test_cli_runner()
    account = account_in(app, admin=role == "admin")
    runner.invoke(args=["set-roles", account.email, role])
    url = "/api/v1/users" if role != "editor" else "/api/v1/widgets"
    body = {"name": "w1", "info_url": "https://x.io", "deadline": "2099-01-01"}
    response = (
        client.get(url, headers=account.headers)
        if role != "editor"
        else client.post(url, json=body, headers=account.headers)
    )
    if refused:
        assert (response.status_code, response.json["message"]) == (
            403,
            "Turn on two-factor authentication first",
        )
    else:
        assert response.status_code == 201, response.json


def test_personal_tokens_refused_on_the_account_name_the_account_scope(client, create_account):
    account = create_account()
    made = client.post(
        f"{AUTH}/tokens", json={"name": "ci", "scopes": "widgets:read"}, headers=account.headers
    )
    response = client.get(f"{AUTH}/sessions", headers=bearer(made.json["token"]))
    assert response.status_code == 403
    assert re.search(r'scope="account"', response.headers["WWW-Authenticate"])


def test_no_passkey_joins_an_address_not_proved(client, create_account):
    """Whoever registered someone else's address must keep nothing once its owner resets the
    password: a passkey (or a provider's account, test_oidc.py) outlives a reset."""
    account = create_account(verified=False)
    url = f"{AUTH}/passkeys/register/options"
    response = client.post(url, headers=account.headers)
    assert (response.status_code, response.json["message"]) == (
        403,
        "Verify your email address first",
    )


def test_a_reset_through_the_link_proves_the_address_and_drops_a_stranger_s_factor(
    app, client, mailbox, deliver, clock
):
    """Eve registered Ada's address and turned two-factor on; Ada resets the password through
    the link sent to her: the address is hers, verified, and Eve's second factor is gone."""
    registered = {"email": "ada@example.com", "password": "correct-horse-9"}
    eve = bearer(client.post(f"{AUTH}/register", json=registered).json["access_token"])
    secret = client.post(f"{AUTH}/mfa/totp", headers=eve).json["secret"]
    confirm = {"code": pyotp.TOTP(secret).now()}
    assert client.post(f"{AUTH}/mfa/totp/confirm", json=confirm, headers=eve).status_code == 200
    client.post(f"{AUTH}/password-reset", json={"email": "ada@example.com"})
    deliver()
    (reset,) = [m for m in mailbox.messages if m["Subject"] == "Reset your password"]
    confirm = {"token": mailbox.token_in(reset), "new_password": "reset-horse-battery-9"}
    assert client.post(f"{AUTH}/password-reset/confirm", json=confirm).status_code == 200
    login = {"email": "ada@example.com", "password": "reset-horse-battery-9"}
    signed_in = client.post(f"{AUTH}/login", json=login)
    assert signed_in.status_code == 200, signed_in.json  # no second step asked of Ada
    me = client.get(f"{AUTH}/user", headers=bearer(signed_in.json["access_token"])).json
    assert me["email_verified"]


@pytest.mark.parametrize(
    ("method", "path", "extra"),
    [
        ("DELETE", "/auth/user", {}),
        ("DELETE", "/auth/mfa/totp", {"code": "000000"}),
        ("POST", "/auth/email", {"new_email": "new@example.com"}),
    ],
)
def test_every_password_asked_again_is_throttled_and_audited(make_app, clock, method, path, extra):
    """A stolen session must not become a password oracle on any route that asks for it."""
    app = make_app(LOGIN_FAILURES_BEFORE_DELAY=2)
    client = app.test_client()
    account = account_in(app)
    body = {"password": "not-my-password"} | extra
    for _ in range(2):
        response = client.open(f"/api/v1{path}", method=method, json=body, headers=account.headers)
        assert (response.status_code, list(response.json["errors"])) == (400, ["password"])
    assert events(app).count("reauthentication_failed") == 2
    right = body | {"password": account.password}
    throttled = client.open(f"/api/v1{path}", method=method, json=right, headers=account.headers)
    assert throttled.status_code == 429


def test_a_right_password_does_not_reset_the_count_of_wrong_codes(make_app, clock):
    """The password alone proves too little when a code is owed: signing in with it between
    wrong codes at reauthentication must not end the throttle's episode."""
    app = make_app(LOGIN_FAILURES_BEFORE_DELAY=3)
    client = app.test_client()
    account = account_in(app)
    enable_totp(client, account)
    login = {"email": account.email, "password": account.password}
    wrong = {"password": account.password, "code": "000000"}
    for _ in range(2):
        assert client.post(REAUTH, json=wrong, headers=account.headers).status_code == 400
        assert client.post(f"{AUTH}/login", json=login).json["error"] == "mfa_required"
    assert client.post(REAUTH, json=wrong, headers=account.headers).status_code == 400  # third
    assert client.post(REAUTH, json=wrong, headers=account.headers).status_code == 429


@pytest.mark.parametrize(
    ("method", "path"), [("DELETE", "/mfa"), ("DELETE", ""), ("PATCH", "")], ids=str
)
def test_a_narrowed_admin_session_cannot_reach_its_own_account(
    client, create_account, method, path
):
    """An admin's session narrowed to users:write manages other people, not its own account
    (which would skip the password and code the account's own routes ask)."""
    admin = create_account(admin=True)
    grant = {"grant_type": "password", "username": admin.email, "password": admin.password}
    narrowed = client.post(f"{AUTH}/token", data=grant | {"scope": "users:read users:write"})
    headers = bearer(narrowed.json["access_token"])
    url = f"/api/v1/users/{admin.public_id}{path}"
    response = client.open(url, method=method, json={"disabled": False}, headers=headers)
    assert response.status_code == 403
    assert 'scope="account"' in response.headers["WWW-Authenticate"]
    other = create_account()
    url = f"/api/v1/users/{other.public_id}/mfa"
    assert client.delete(url, headers=headers).status_code == 204  # others: as before

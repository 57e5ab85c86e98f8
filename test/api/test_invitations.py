"""Invitations (POST, GET, DELETE /users/invitations, and `flask invite`): the token read from a
real SMTP server, registering with it, and every way it stops working (used, expired, revoked,
replaced, another address); the clock moved with time-machine."""

import re
from datetime import timedelta

import pytest
from conftest import NOW, PASSWORD, account_in
from support.oidc_flow import bearer

from app import db
from app.mail.outbox import deliver_due_messages
from app.models import AuditEvent

INVITATIONS = "/api/v1/users/invitations"
REGISTER = "/api/v1/auth/register"
LINK = "https://app.example.com/join#token={token}"
SPENT = "This invitation is invalid, used or expired."


@pytest.fixture
def app(make_app):
    """Access tokens outlive REAUTH_MAX_AGE, so a token can be valid but its sign-in not recent."""
    return make_app(
        REGISTRATION="invite",
        INVITATION_URL=LINK,
        REAUTH_MAX_AGE=60,
        ACCESS_TOKEN_EXPIRE_SECONDS=3600,
    )


def invite(client, admin, email="ada@example.com", roles=("editor",)):
    return client.post(
        INVITATIONS, json={"email": email, "roles": list(roles)}, headers=admin.headers
    )


def register(client, token, email="ada@example.com"):
    body = {"email": email, "password": PASSWORD, "invitation": token}
    return client.post(REGISTER, json=body)


@pytest.fixture
def admin(create_account, clock):
    """An admin signed in on the frozen clock."""
    return create_account(admin=True)


@pytest.fixture
def invited(client, admin, mailbox, deliver, clock):
    """Factory: invite an address as `admin`; the token its email carries."""

    def make(email="ada@example.com", roles=("editor",)) -> str:
        assert invite(client, admin, email, roles).status_code == 201
        deliver()
        (token,) = re.findall(r"#token=([\w-]+)", mailbox.text_of(mailbox.messages[-1]))
        return token

    return make


def events(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(db.select(AuditEvent.event).order_by(AuditEvent.id)))


def test_an_invitation_end_to_end(app, client, create_account, mailbox, deliver, clock):
    admin = create_account(admin=True)
    made = invite(client, admin)
    assert made.status_code == 201
    assert made.json == {
        "id": made.json["id"],
        "email": "ada@example.com",
        "roles": ["editor"],
        "expires_at": (NOW + timedelta(days=7)).isoformat(),
    }
    deliver()
    (message,) = mailbox.messages
    assert (message["To"], message["Subject"]) == ("ada@example.com", "You are invited")
    text = mailbox.text_of(message)
    (token,) = re.findall(r"https://app\.example\.com/join#token=([\w-]+)", text)
    registered = register(client, token)
    assert (registered.status_code, registered.json["message"]) == (201, "successfully registered")
    me = client.get("/api/v1/auth/user", headers=bearer(registered)).json
    assert (me["roles"], me["email_verified"]) == (["editor"], True)
    deliver()
    assert len(mailbox.messages) == 1  # no verification email: the invitation proved the address
    again = register(client, token)
    assert (again.status_code, again.json["errors"]) == (400, {"invitation": SPENT})
    assert client.get(INVITATIONS, headers=admin.headers).json == {"invitations": []}
    assert events(app)[-2:] == ["invitation_created", "invitation_accepted"]


def test_an_expired_invitation_is_refused(client, invited, clock):
    token = invited()
    clock.shift(timedelta(days=7, seconds=1))
    response = register(client, token)
    assert (response.status_code, response.json["errors"]) == (400, {"invitation": SPENT})


def test_an_unknown_token_is_refused_under_open_registration_too(make_app):
    client = make_app().test_client()
    response = register(client, "not-a-token-of-ours")
    assert (response.status_code, response.json["errors"]) == (400, {"invitation": SPENT})


def test_an_invitation_works_for_its_address_only(client, invited):
    token = invited()
    response = register(client, token, email="eve@example.com")
    assert (response.status_code, response.json["errors"]) == (
        400,
        {"email": "This invitation is for another address."},
    )
    assert register(client, token).status_code == 201  # the refusal did not use it up


def test_without_invitation_url_the_email_says_where_to_send_the_token(
    make_app, mailbox_for, clock
):
    app = make_app(REAUTH_MAX_AGE=60)  # open registration: an invitation still gives its roles
    box, client = mailbox_for(app), app.test_client()
    assert invite(client, account_in(app, admin=True), roles=("auditor",)).status_code == 201
    with app.app_context():
        deliver_due_messages()
    text = box.text_of(box.messages[-1])
    (token,) = re.findall(r"Send this token to POST /api/v1/auth/register:\r?\n([\w-]+)", text)
    registered = register(client, token)
    assert client.get("/api/v1/auth/user", headers=bearer(registered)).json["roles"] == ["auditor"]


def test_pending_invitations_are_listed_and_one_is_revoked(client, admin, invited, clock):
    ada = invited()
    clock.shift(timedelta(seconds=1))
    bob = invited("bob@example.com", roles=("user", "admin"))
    headers = admin.headers
    listed = client.get(INVITATIONS, headers=headers).json["invitations"]
    assert [(item["email"], item["roles"]) for item in listed] == [
        ("ada@example.com", ["editor"]),
        ("bob@example.com", ["user", "admin"]),
    ]
    assert client.delete(f"{INVITATIONS}/{listed[1]['id']}", headers=headers).status_code == 204
    assert [
        item["email"] for item in client.get(INVITATIONS, headers=headers).json["invitations"]
    ] == ["ada@example.com"]
    again = client.delete(f"{INVITATIONS}/{listed[1]['id']}", headers=headers)
    assert (again.status_code, again.json["message"]) == (
        404,
        "No pending invitation with that id.",
    )
    refused = register(client, bob, email="bob@example.com")
    assert refused.json["errors"] == {"invitation": SPENT}
    assert register(client, ada).status_code == 201


def test_a_new_invitation_replaces_the_pending_one(client, invited):
    first, second = invited(), invited(roles=("auditor",))
    assert register(client, first).json["errors"] == {"invitation": SPENT}
    registered = register(client, second)
    assert client.get("/api/v1/auth/user", headers=bearer(registered)).json["roles"] == ["auditor"]


def test_an_address_with_an_account_is_not_invited(client, create_account, clock):
    admin, someone = create_account(admin=True), create_account()
    response = invite(client, admin, someone.email)
    assert (response.status_code, response.json["message"]) == (
        409,
        f"{someone.email} is already registered",
    )


@pytest.mark.parametrize("roles", [["boss"], [], "admin,boss"])
def test_roles_must_be_ours(client, create_account, roles, clock):
    body = {"email": "ada@example.com", "roles": roles}
    response = client.post(INVITATIONS, json=body, headers=create_account(admin=True).headers)
    assert (response.status_code, list(response.json["errors"])) == (400, ["roles"])


def test_only_users_write_may_invite(client, create_account, runner, clock):
    editor = create_account()
    runner.invoke(args=["set-roles", editor.email, "editor"])
    response = invite(client, editor)
    assert response.status_code == 403
    assert 'scope="users:write"' in response.headers["WWW-Authenticate"]


def test_inviting_needs_a_recent_sign_in_as_a_role_change_does(client, create_account, clock):
    admin = create_account(admin=True)
    clock.shift(timedelta(seconds=61))
    response = invite(client, admin)
    assert response.status_code == 401
    assert 'error="insufficient_user_authentication"' in response.headers["WWW-Authenticate"]


def test_a_personal_token_lists_but_does_not_invite(client, create_account, clock):
    admin = create_account(admin=True)
    body = {"name": "script", "scopes": "users:write"}
    token = client.post("/api/v1/auth/tokens", json=body, headers=admin.headers).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(INVITATIONS, headers=headers).status_code == 200
    refused = client.post(INVITATIONS, json={"email": "ada@example.com"}, headers=headers)
    assert refused.json["message"] == "A personal access token cannot do this; log in instead"


@pytest.mark.parametrize(
    ("settings", "status", "message"),
    [
        ({"REGISTRATION": "closed"}, 403, "Registration is closed."),
        ({"REGISTRATION_EMAIL_DOMAINS": ["example.org"]}, 400, "Input payload validation failed"),
    ],
)
def test_the_policy_holds_for_invitations(make_app, settings, status, message, clock):
    app = make_app(**settings)
    response = invite(app.test_client(), account_in(app, admin=True))
    assert (response.status_code, response.json["message"]) == (status, message)


def test_a_revoked_invitation_is_audited(app, client, admin, invited):
    invited()
    (pending,) = client.get(INVITATIONS, headers=admin.headers).json["invitations"]
    client.delete(f"{INVITATIONS}/{pending['id']}", headers=admin.headers)
    assert events(app)[-2:] == ["invitation_created", "invitation_revoked"]


def test_flask_invite_prints_the_link_and_mails_it(runner, mailbox, deliver, clock):
    args = ["invite", "Ada@Example.com", "--role", "editor", "--role", "auditor"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert (
        "Invited ada@example.com as editor, auditor, until 2030-05-20 12:00 UTC." in result.output
    )
    (printed,) = re.findall(r"Link: https://app\.example\.com/join#token=([\w-]+)", result.output)
    deliver()
    assert f"#token={printed}" in mailbox.text_of(mailbox.messages[-1])


def test_flask_invite_without_a_link_prints_the_token(make_app, clock):
    result = make_app().test_cli_runner().invoke(args=["invite", "ada@example.com"])
    assert result.exit_code == 0, result.output
    assert "Invited ada@example.com as user" in result.output
    assert "Token (for POST /api/v1/auth/register): " in result.output


def test_flask_invite_follows_the_policy(make_app):
    result = make_app(REGISTRATION="closed").test_cli_runner().invoke(args=["invite", "a@b.io"])
    assert (result.exit_code, "Registration is closed." in result.output) == (1, True)


def test_an_account_made_without_its_invitation_ends_it(make_app, mailbox_for, clock):
    """Under open registration an invited address may register without the token: the pending
    invitation then has nothing left to do, and kept, its roles would go to whoever holds the
    address next (after the account is deleted, or moves away)."""
    app = make_app(REGISTRATION="open", ACCESS_TOKEN_EXPIRE_SECONDS=3600)
    client, admin = app.test_client(), account_in(app, admin=True)
    mailbox_for(app)
    assert invite(client, admin, "stale@example.com", roles=("admin",)).status_code == 201
    body = {"email": "stale@example.com", "password": PASSWORD}
    assert client.post(REGISTER, json=body).status_code == 201
    listed = client.get(INVITATIONS, headers=admin.headers).json
    assert listed == {"invitations": []}

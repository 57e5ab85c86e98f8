"""Roles and the permissions they grant, over HTTP: each role against the routes that need a
permission, role changes that count on the very next request, and the last-admin rule."""

import pytest

from app import db
from app.models import User

USERS = "/api/v1/users"
WIDGETS = "/api/v1/widgets"
WIDGET = {"name": "probe", "info_url": "https://x.io", "deadline": "2031-01-01"}
ROLE_LIST = "user, editor, auditor, admin"


@pytest.fixture
def admin(create_account):
    return create_account(admin=True)


def with_roles(app, client, admin, create_account, roles):
    account = create_account()
    response = client.patch(
        f"{USERS}/{account.public_id}", json={"roles": roles}, headers=admin.headers
    )
    assert response.status_code == 200, response.json
    return account


@pytest.mark.parametrize(
    ("roles", "widget_write", "users_read", "audit_read", "users_write"),
    [
        (["user"], False, False, False, False),
        (["editor"], True, False, False, False),
        (["auditor"], False, True, True, False),
        (["editor", "auditor"], True, True, True, False),
    ],
)
def test_each_role_reaches_what_it_grants(
    app,
    client,
    admin,
    create_account,
    roles,
    widget_write,
    users_read,
    audit_read,
    users_write,
):
    account = with_roles(app, client, admin, create_account, roles)
    headers = account.headers
    assert client.get(WIDGETS, headers=headers).status_code == 200
    assert (client.post(WIDGETS, json=WIDGET, headers=headers).status_code == 201) is widget_write
    assert (client.get(USERS, headers=headers).status_code == 200) is users_read
    assert (client.get("/api/v1/audit", headers=headers).status_code == 200) is audit_read
    demote = client.patch(f"{USERS}/{admin.public_id}", json={"disabled": True}, headers=headers)
    assert (demote.status_code != 403) is users_write


def test_a_missing_permission_names_its_scope(client, admin, create_account):
    auditor = with_roles(None, client, admin, create_account, ["auditor"])
    response = client.delete(f"{USERS}/{admin.public_id}", headers=auditor.headers)
    assert (response.status_code, response.json["message"]) == (403, "You are not an administrator")
    challenge = response.headers["WWW-Authenticate"]
    assert 'error="insufficient_scope"' in challenge and 'scope="users:write"' in challenge


def test_roles_show_on_the_user_and_admin_follows_them(client, admin, create_account):
    account = create_account()
    url = f"{USERS}/{account.public_id}"
    body = client.patch(url, json={"roles": ["editor", "admin"]}, headers=admin.headers).json
    assert (body["roles"], body["admin"]) == (["editor", "admin"], True)
    me = client.get("/api/v1/auth/user", headers=account.headers).json
    assert (me["roles"], me["admin"]) == (["editor", "admin"], True)
    body = client.patch(url, json={"admin": False}, headers=admin.headers).json
    assert (body["roles"], body["admin"]) == (["editor"], False)
    body = client.patch(url, json={"admin": False}, headers=admin.headers).json
    assert body["roles"] == ["editor"]
    body = client.patch(url, json={"roles": ["admin"]}, headers=admin.headers).json
    assert (body["roles"], body["admin"]) == (["admin"], True)
    body = client.patch(url, json={"admin": False}, headers=admin.headers).json
    assert (body["roles"], body["admin"]) == (["user"], False)  # never no role at all


def test_a_role_change_counts_on_the_very_next_request(client, admin, create_account):
    account = create_account()
    url = f"{USERS}/{account.public_id}"
    assert client.post(WIDGETS, json=WIDGET, headers=account.headers).status_code == 403
    client.patch(url, json={"roles": ["editor"]}, headers=admin.headers)
    assert client.post(WIDGETS, json=WIDGET, headers=account.headers).status_code == 201
    client.patch(url, json={"roles": ["user"]}, headers=admin.headers)
    second = dict(WIDGET, name="probe-2")
    assert client.post(WIDGETS, json=second, headers=account.headers).status_code == 403


def test_the_last_admin_keeps_the_admin_role(client, admin):
    response = client.patch(
        f"{USERS}/{admin.public_id}", json={"roles": ["editor"]}, headers=admin.headers
    )
    assert (response.status_code, response.json["message"]) == (
        409,
        "You are the only administrator; appoint another first.",
    )


@pytest.mark.parametrize(
    "roles",
    [[], ["owner"], "owner", "", ["admin", 1], [None], ["user"] * 5, ["x" * 10_000], {"admin": 1}],
)
def test_anything_but_a_list_of_known_roles_is_400(client, admin, create_account, roles):
    account = create_account()
    response = client.patch(
        f"{USERS}/{account.public_id}", json={"roles": roles}, headers=admin.headers
    )
    assert response.status_code == 400 and "roles" in response.json["errors"]
    assert len(response.json["errors"]["roles"]) < 200


def test_flask_set_roles(app, runner, create_account):
    account = create_account()
    result = runner.invoke(args=["set-roles", account.email, "auditor", "editor"])
    assert result.exit_code == 0, result.output
    assert f"{account.email} now has the roles: editor, auditor." in result.output
    with app.app_context():
        assert User.find_by_email(account.email).role_names == ["editor", "auditor"]
    refused = runner.invoke(args=["set-roles", account.email, "owner"])
    assert refused.exit_code != 0 and ROLE_LIST.replace(", ", "', '") in refused.output


def test_flask_set_admin_still_works_and_keeps_other_roles(app, runner, admin, create_account):
    account = create_account()
    runner.invoke(args=["set-roles", account.email, "editor"])
    assert runner.invoke(args=["set-admin", account.email]).exit_code == 0
    with app.app_context():
        assert User.find_by_email(account.email).role_names == ["editor", "admin"]
    assert runner.invoke(args=["set-admin", "--revoke", account.email]).exit_code == 0
    with app.app_context():
        user = User.find_by_email(account.email)
        assert (user.role_names, user.admin) == (["editor"], False)


def test_the_admin_attribute_of_flask_shell_sets_the_role(app, create_account):
    account = create_account()
    with app.app_context():
        user = User.find_by_email(account.email)
        user.admin = True
        db.session.commit()
        assert User.find_by_email(account.email).role_names == ["user", "admin"]


def test_a_form_lists_roles_with_commas(client, admin, create_account):
    account = create_account()
    url = f"{USERS}/{account.public_id}"
    body = client.patch(url, data={"roles": "editor, auditor"}, headers=admin.headers).json
    assert body["roles"] == ["editor", "auditor"]

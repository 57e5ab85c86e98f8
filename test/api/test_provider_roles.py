"""Roles from a provider's groups (OIDC_<NAME>_ROLES_CLAIM, _ROLE_MAP) against a real provider
whose users carry a `groups` claim: the map owns the roles it names, at each sign-in; nothing
else is granted or taken, admin included; a map that names no role of ours refuses to start."""

import pytest
from support.oidc_flow import bearer, exchange, provider_settings, sign_in

from app import create_app, db
from app.config import ConfigError
from app.models import AuditEvent

ROLE_MAP = "staff:editor,auditors:auditor,urn:corp:root:admin"


@pytest.fixture
def app(make_app, provider):
    return make_app(
        **provider_settings(provider.issuer),
        OIDC_MOCK_ROLES_CLAIM="groups",
        OIDC_MOCK_ROLE_MAP=ROLE_MAP,
    )


def roles_after_sign_in(client, provider, **claims) -> list[str]:
    """Sign in as ada, whose provider account has these claims; her roles then."""
    provider.add_user("ada-1", email="ada@example.com", email_verified=True, **claims)
    tokens = exchange(client, sign_in(client, provider, "ada-1")["code"])
    assert tokens.status_code == 200, tokens.json
    return client.get("/api/v1/auth/user", headers=bearer(tokens)).json["roles"]


def test_mapped_groups_grant_their_roles(client, provider):
    assert roles_after_sign_in(client, provider, groups=["staff", "auditors"]) == [
        "user",
        "editor",
        "auditor",
    ]


@pytest.mark.parametrize(
    "groups", [["admin", "admins", "Staff", "root"], [], "nobody", None], ids=str
)
def test_groups_the_map_does_not_name_grant_nothing(client, provider, groups):
    claims = {} if groups is None else {"groups": groups}
    assert roles_after_sign_in(client, provider, **claims) == ["user"]


def test_admin_only_where_the_map_names_it(client, provider):
    assert roles_after_sign_in(client, provider, groups=["urn:corp:root"]) == ["user", "admin"]


def test_the_roles_follow_the_groups_at_the_next_sign_in(app, client, provider, create_account):
    create_account(admin=True)  # ada is not the only admin, who would keep the role
    assert roles_after_sign_in(client, provider, groups=["staff", "urn:corp:root"]) == [
        "user",
        "editor",
        "admin",
    ]
    assert roles_after_sign_in(client, provider, groups=["auditors"]) == ["user", "auditor"]
    with app.app_context():
        rows = db.session.scalars(db.select(AuditEvent).filter_by(event="user_updated")).all()
    assert [row.details for row in rows][-1] == (
        '{"changed": {"roles": ["user", "auditor"]}, "provider": "mock"}'
    )


def test_roles_the_map_does_not_name_stay_as_an_admin_set_them(client, provider, runner):
    roles_after_sign_in(client, provider, groups=["staff"])
    runner.invoke(args=["set-roles", "ada@example.com", "user", "editor", "auditor"])
    assert roles_after_sign_in(client, provider, groups=["auditors"]) == ["user", "auditor"]
    runner.invoke(args=["set-roles", "ada@example.com", "editor"])
    assert roles_after_sign_in(client, provider, groups=[]) == ["user"]  # never none at all


def test_a_map_without_admin_never_grants_or_takes_it(make_app, provider, create_account):
    app = make_app(
        **provider_settings(provider.issuer),
        OIDC_MOCK_ROLES_CLAIM="groups",
        OIDC_MOCK_ROLE_MAP="staff:editor",
    )
    client = app.test_client()
    assert roles_after_sign_in(client, provider, groups=["admin", "staff"]) == ["user", "editor"]
    app.test_cli_runner().invoke(args=["set-admin", "ada@example.com"])
    assert roles_after_sign_in(client, provider, groups=[]) == ["user", "admin"]


def test_the_only_active_admin_keeps_admin(client, provider, runner):
    roles_after_sign_in(client, provider, groups=["urn:corp:root"])
    assert roles_after_sign_in(client, provider, groups=["staff"]) == ["user", "editor", "admin"]


@pytest.mark.parametrize(
    "fields",
    [
        {"ROLE_MAP": "staff=editor", "ROLES_CLAIM": "groups"},
        {"ROLE_MAP": "staff:boss", "ROLES_CLAIM": "groups"},
        {"ROLE_MAP": ":editor", "ROLES_CLAIM": "groups"},
        {"ROLE_MAP": "staff:editor,", "ROLES_CLAIM": "groups"},
        {"ROLE_MAP": "staff:editor"},
        {"ROLES_CLAIM": "groups"},
        {"KIND": "github", "CLIENT_SECRET": "s", "ROLE_MAP": "a:editor", "ROLES_CLAIM": "g"},
    ],
    ids=str,
)
def test_a_role_setting_that_cannot_work_refuses_to_start(fields):
    settings = provider_settings("https://idp.example.com") | {
        f"OIDC_MOCK_{field}": value for field, value in fields.items()
    }
    with pytest.raises(ConfigError):
        create_app("testing", **settings)


def test_an_unchanged_role_set_records_nothing(app, client, provider):
    roles_after_sign_in(client, provider, groups=["urn:corp:root"])  # the only admin
    for _ in range(2):
        roles_after_sign_in(client, provider, groups=[])
    with app.app_context():
        updates = db.session.scalars(db.select(AuditEvent).filter_by(event="user_updated")).all()
    assert len(updates) == 1  # made an admin; keeping the role twice is no change

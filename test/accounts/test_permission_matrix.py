"""The whole permission matrix, generated from the API document: every operation of swagger.json,
asked by each role, gets through exactly when that role holds the permission the operation
declares; a personal token never gets through to the account's own routes."""

import re

import pytest

from app import create_app
from app.security.permissions import ROLE_PERMISSIONS, ROLES

SPEC = create_app("testing").test_client().get("/api/v1/swagger.json").json
OPERATIONS = [
    (method.upper(), path, operation)
    for path, item in SPEC["paths"].items()
    for method, operation in item.items()
    if method != "parameters"
]


def needed_permission(operation: dict) -> str | None:
    """The scope the OAuth2 alternative of the operation's security names, if any."""
    for requirement in operation.get("security", []):
        if requirement.get("OAuth2"):
            return str(requirement["OAuth2"][0])
    return None


def locked(operation: dict) -> bool:
    return {"Bearer": []} in operation.get("security", [])


def url(path: str) -> str:
    return "/api/v1" + re.sub(r"{[^}]+}", "no-such-thing", path)


def refused_for_scope(response) -> str | None:
    """The scope a 403 insufficient_scope names, or None when the route let the token in."""
    challenge = response.headers.get("WWW-Authenticate", "")
    if response.status_code != 403 or 'error="insufficient_scope"' not in challenge:
        return None
    named = re.search(r'scope="([^"]+)"', challenge)
    return named.group(1) if named else "(none named)"


MATRIX = [
    pytest.param(role, method, path, operation, id=f"{role} {method} {path}")
    for role in ROLES
    for method, path, operation in OPERATIONS
    if locked(operation)
]


def test_every_locked_operation_declares_a_permission_or_is_the_account_s_own():
    declared = {needed_permission(operation) for _, _, operation in OPERATIONS}
    assert declared - {None} <= set(ROLE_PERMISSIONS["admin"])
    assert sum(1 for param in MATRIX) == len(ROLES) * sum(1 for op in OPERATIONS if locked(op[2]))


@pytest.mark.parametrize(("role", "method", "path", "operation"), MATRIX)
def test_each_role_against_each_operation(
    client, create_account, runner, role, method, path, operation
):
    account = create_account(admin=role == "admin")
    runner.invoke(args=["set-roles", account.email, role])
    response = client.open(url(path), method=method, json={}, headers=account.headers)
    permission = needed_permission(operation)
    if permission is None or permission in ROLE_PERMISSIONS[role]:
        assert refused_for_scope(response) is None, (response.status_code, response.json)
    else:
        assert refused_for_scope(response) == permission


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    [(method, path, operation) for method, path, operation in OPERATIONS if locked(operation)],
)
def test_a_personal_token_reaches_only_permission_routes(
    client, create_account, method, path, operation
):
    admin = create_account(admin=True)
    every = " ".join(ROLE_PERMISSIONS["admin"])
    made = client.post(
        "/api/v1/auth/tokens", json={"name": "all", "scopes": every}, headers=admin.headers
    )
    headers = {"Authorization": f"Bearer {made.json['token']}"}
    response = client.open(url(path), method=method, json={}, headers=headers)
    permission = needed_permission(operation)
    if permission is None:
        assert response.status_code == 403, response.json
        assert response.json["message"] == "A personal access token cannot do this; log in instead"
    else:
        assert refused_for_scope(response) is None or response.json["message"] == (
            "A personal access token cannot do this; log in instead"  # a step-up route
        )

"""swagger.json and the checks agree: an operation has the padlock exactly when it wants a token."""

import pytest

from app import create_app

SPEC = create_app("testing").test_client().get("/api/v1/swagger.json").json
OPERATIONS = [
    pytest.param(method, path, operation, id=f"{method.upper()} {path}")
    for path, item in SPEC["paths"].items()
    for method, operation in item.items()
    if method != "parameters"
]


def is_locked(operation: dict) -> bool:
    """The padlock: a token is required (pasted, from /auth/token, or one granted to an app)."""
    return bool(operation.get("security"))


LOCKED = [param for param in OPERATIONS if is_locked(param.values[2])]


def url(path: str) -> str:
    return "/api/v1" + path.replace("{name}", "solar-panel")


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS)
def test_padlock_and_401_doc_match_what_the_route_does(client, method, path, operation):
    response = client.open(url(path), method=method.upper())
    locked = is_locked(operation)
    assert (response.status_code == 401 and "WWW-Authenticate" in response.headers) is locked
    assert "401" in operation["responses"] or not locked


@pytest.mark.parametrize(("method", "path", "operation"), LOCKED)
def test_403_is_documented_where_an_unverified_user_gets_it(
    app, client, create_account, method, path, operation
):
    app.config["REQUIRE_VERIFIED_EMAIL"] = True  # the strictest setting, where 403s are most
    headers = create_account(verified=False).headers
    forbidden = client.open(url(path), method=method.upper(), headers=headers).status_code == 403
    documented = operation["responses"].get("403", {}).get("description", "")
    assert documented or not forbidden
    assert forbidden or "unverified" not in documented  # a 403 for another reason, such as CSRF

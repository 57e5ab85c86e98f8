"""Control characters in the OAuth endpoints' fields: /auth/token and /auth/introspect answer
invalid_request (RFC 6749, section 5.2) whichever field holds one; /auth/revoke answers 200
(RFC 7009) and revokes nothing. Never a 500, on either database."""

import pytest

TOKEN = "/api/v1/auth/token"
REVOKE = "/api/v1/auth/revoke"
INTROSPECT = "/api/v1/auth/introspect"
CONTROLS = ["\x00", "\x1f", "\x7f", "\n"]
REFUSED = "must not contain control characters."


def refresh_token_of(client, account):
    login = {"email": account.email, "password": account.password}
    return client.post("/api/v1/auth/login", json=login).json["refresh_token"]


def valid_form(client, account, field):
    """A body the grant that reads `field` would accept."""
    if field == "refresh_token":
        return {"grant_type": "refresh_token", "refresh_token": refresh_token_of(client, account)}
    return {"grant_type": "password", "username": account.email, "password": account.password}


def with_control(value, control):
    return value[:3] + control + value[3:]


@pytest.mark.parametrize("json", [False, True], ids=["form", "json"])
@pytest.mark.parametrize("control", CONTROLS, ids=repr)
@pytest.mark.parametrize("field", ["grant_type", "username", "password", "refresh_token", "scope"])
def test_a_control_character_in_any_token_field_is_invalid_request(
    client, create_account, field, control, json
):
    form = valid_form(client, create_account(), field)
    form[field] = with_control(form.get(field, "widgets:read"), control)
    response = client.post(TOKEN, **{"json" if json else "data": form})
    assert (response.status_code, response.json) == (
        400,
        {"error": "invalid_request", "error_description": f"{field} {REFUSED}"},
    )
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Pragma"] == "no-cache"


def test_a_control_character_in_a_field_the_grant_does_not_use_is_refused_too(
    client, create_account
):
    form = valid_form(client, create_account(), "password") | {"refresh_token": "abc\x00"}
    response = client.post(TOKEN, data=form)
    assert (response.status_code, response.json["error"]) == (400, "invalid_request")


@pytest.mark.parametrize("control", CONTROLS, ids=repr)
def test_introspecting_a_token_with_a_control_character_is_invalid_request(
    client, create_account, control
):
    ask = {"token": with_control(create_account().token, control)}
    introspector = create_account(admin=True)  # admins hold tokens:introspect
    response = client.post(INTROSPECT, data=ask, headers=introspector.headers)
    assert (response.status_code, response.json) == (
        400,
        {"error": "invalid_request", "error_description": f"token {REFUSED}"},
    )
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("control", CONTROLS, ids=repr)
def test_revoking_a_token_with_a_control_character_is_200_and_revokes_nothing(
    client, create_account, control
):
    refresh_token = refresh_token_of(client, create_account())
    response = client.post(REVOKE, data={"token": with_control(refresh_token, control)})
    assert (response.status_code, response.data) == (200, b"")
    refresh = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    assert client.post(TOKEN, data=refresh).status_code == 200


def test_a_control_character_in_the_hint_revokes_nothing(client, create_account):
    account = create_account()
    body = {"token": account.token, "token_type_hint": "access_token\x00"}
    assert client.post("/api/v1/auth/revoke", data=body).status_code == 200
    assert client.get("/api/v1/auth/user", headers=account.headers).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"token_type_hint": ["\x00"]},
        {"token_type_hint": {"\ud800": 1}},
    ],
    ids=["a list", "an object"],
)
def test_a_control_character_nested_anywhere_revokes_nothing(client, create_account, body):
    account = create_account()
    assert (
        client.post("/api/v1/auth/revoke", json={"token": account.token} | body).status_code == 200
    )
    assert client.get("/api/v1/auth/user", headers=account.headers).status_code == 200


def test_a_repeated_form_field_revokes_nothing(client, create_account):
    account = create_account()
    form = f"token={account.token}&token_type_hint=access_token&token_type_hint=%00"
    response = client.post(
        "/api/v1/auth/revoke", data=form, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert client.get("/api/v1/auth/user", headers=account.headers).status_code == 200


@pytest.mark.parametrize("scope", [["widgets:read"], ["\x00"], 7])
def test_a_scope_that_is_not_text_is_refused_never_dropped(client, create_account, scope):
    """Ignored, it would widen the tokens to every permission of the user."""
    account = create_account(admin=True)
    body = {"grant_type": "password", "username": account.email, "password": account.password}
    response = client.post("/api/v1/auth/token", json=body | {"scope": scope})
    assert (response.status_code, response.json["error"]) == (400, "invalid_request")


def test_a_scope_sent_twice_is_refused(client, create_account):
    account = create_account(admin=True)
    form = (
        f"grant_type=password&username={account.email}&password={account.password}"
        "&scope=widgets:read&scope=audit:read"
    )
    response = client.post(
        "/api/v1/auth/token", data=form, content_type="application/x-www-form-urlencoded"
    )
    assert (response.status_code, response.json["error"]) == (400, "invalid_request")

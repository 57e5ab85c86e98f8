"""Hostile input, catalogued: each gets its documented 4xx in the JSON envelope, never a 500."""

import re
from base64 import urlsafe_b64encode

import pytest
from conftest import valid_claims

from app import create_app

USER = "/api/v1/auth/user"
REGISTER = "/api/v1/auth/register"
INVALID = "Invalid token. Please log in again."


def b64_nested(depth: int) -> str:
    """A token header segment: JSON lists nested `depth` deep, base64url without padding."""
    return urlsafe_b64encode(b"[" * depth + b"]" * depth).decode().rstrip("=")


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param({"sub": 42}, id="sub-not-a-string"),
        pytest.param({"sub": "no-such-user"}, id="sub-of-nobody"),
        pytest.param({"jti": 7}, id="jti-not-a-string"),
        pytest.param({"exp": "tomorrow"}, id="exp-not-a-number"),
        pytest.param({"exp": 10**20}, id="exp-beyond-any-calendar"),
        pytest.param({"iat": "yesterday"}, id="iat-not-a-number"),
        pytest.param({"iat": -(10**20)}, id="iat-before-any-calendar"),
        pytest.param({"iat": 10**10}, id="iat-in-the-future"),
        pytest.param({"type": "refresh"}, id="refresh-type"),
        pytest.param({"type": ["access"]}, id="type-not-a-string"),
    ],
)
def test_tampered_claims_are_invalid_token(client, create_account, forge_token, tamper):
    token = forge_token(valid_claims(create_account()) | tamper)
    response = client.get(USER, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json == {"status": "fail", "message": INVALID}


@pytest.mark.parametrize(
    ("header", "message"),
    [
        pytest.param("", "Unauthorized", id="empty"),
        pytest.param("Bearer", "Unauthorized", id="scheme-only"),
        pytest.param("Token abc", "Unauthorized", id="other-scheme"),
        pytest.param("Bearer a.b.c d.e.f", INVALID, id="two-tokens"),
        pytest.param("Bearer " + "A" * 20_000, INVALID, id="huge"),
        pytest.param("Bearer W10.e30.sig", INVALID, id="header-a-json-list"),
        pytest.param("Bearer bm90IGpzb24.e30.sig", INVALID, id="header-not-json"),
        pytest.param("Bearer /w.e30.sig", INVALID, id="header-not-utf8"),
        pytest.param("Bearer " + b64_nested(1000) + ".e30.sig", INVALID, id="header-nested-deep"),
        pytest.param("Bearer \u00e9\u00e8.\u00e0.\u00fc", INVALID, id="non-ascii"),
        pytest.param("Bearer \x00\x01.\x02.\x03", INVALID, id="control-characters"),
    ],
)
def test_malformed_authorization_header_is_401(client, header, message):
    response = client.get(USER, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json == {"status": "fail", "message": message}


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        pytest.param("email=a@b.io&password=x", "application/json", id="form-sent-as-json"),
        pytest.param('{"email": "a@b.io"}', "application/x-www-form-urlencoded", id="json-as-form"),
        pytest.param('{"email": "a@b.io"}', "text/plain", id="text-plain"),
        pytest.param("[" * 100_000 + "]" * 100_000, "application/json", id="deeply-nested"),
        pytest.param(
            '{"email": {"$ne": 1}, "password": [1]}', "application/json", id="wrong-types"
        ),
        pytest.param(b"\xff\xfe\x00garbage", "application/json", id="not-utf8"),
        pytest.param("", "application/json", id="empty-json"),
        pytest.param("null", "application/json", id="json-null"),
    ],
)
def test_body_that_is_not_what_it_claims_is_400(client, body, content_type):
    response = client.post(REGISTER, data=body, content_type=content_type)
    assert response.status_code == 400
    assert response.json["status"] == "fail"
    assert response.is_json


def test_body_larger_than_the_limit_is_413(client):
    response = client.post(REGISTER, data="x" * (1024 * 1024 + 1), content_type="application/json")
    assert response.status_code == 413
    assert response.json["status"] == "fail"


def test_every_response_says_nosniff(client):
    for response in (client.get(USER), client.get("/api/v1/health"), client.get("/nowhere")):
        assert response.headers["X-Content-Type-Options"] == "nosniff"


CONTROL_CHARACTERS = ["\x00", "\x01", "\n", "\x1b", "\x7f"]


@pytest.mark.parametrize("character", CONTROL_CHARACTERS)
@pytest.mark.parametrize("field", ["name", "info_url"])
def test_control_character_in_a_widget_field_is_400(client, create_account, character, field):
    body = {"name": "lamp", "info_url": "https://x.io", "deadline": "2099-01-01"}
    body[field] = body[field][:2] + character + body[field][2:]
    admin = create_account(admin=True)
    response = client.post("/api/v1/widgets", json=body, headers=admin.headers)
    assert response.status_code == 400
    assert response.json["errors"] == {field: "Must not contain control characters."}
    assert client.get("/api/v1/widgets", headers=admin.headers).json["total_items"] == 0


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_control_character_in_a_widget_path_is_404(client, create_account, method):
    body = {"info_url": "https://x.io", "deadline": "2099-01-01"}
    admin = create_account(admin=True)
    response = client.open(
        "/api/v1/widgets/la%00mp", method=method, json=body, headers=admin.headers
    )
    assert response.status_code == 404
    assert response.json["status"] == "fail"


def test_control_character_in_a_query_parameter_is_400(client, create_account):
    admin = create_account(admin=True)
    response = client.get("/api/v1/users?q=ad%00a", headers=admin.headers)
    assert response.status_code == 400
    assert response.json["errors"] == {"q": "Must not contain control characters."}


def test_control_character_in_a_registration_is_400(client):
    body = {"email": "ada\x00@example.com", "password": "correct-horse-9"}
    response = client.post(REGISTER, json=body)
    assert response.status_code == 400
    assert response.json["errors"] == {"email": "Must not contain control characters."}


SPEC = create_app("testing").test_client().get("/api/v1/swagger.json").json
BODY_FIELDS = [
    pytest.param(
        method.upper(), path, parameter["name"], id=f"{method.upper()} {path} {parameter['name']}"
    )
    for path, item in SPEC["paths"].items()
    for method, operation in item.items()
    if method != "parameters"
    for parameter in operation.get("parameters", [])
    if parameter["in"] == "formData"
]
# RFC 6749 errors
OAUTH_SHAPED = {"/auth/token", "/auth/introspect", "/oauth/token", "/oauth/device_authorization"}


@pytest.mark.parametrize(("method", "path", "field"), BODY_FIELDS)
def test_a_nul_in_any_body_field_is_400(client, create_account, method, path, field):
    """Generated from swagger.json: every form field of every operation, sent as JSON with a
    NUL inside; never a 500."""
    admin = create_account(admin=True)
    url = "/api/v1" + re.sub(r"{[^}]+}", "no-such-thing", path)
    body = {"token": "not-a-token"} if path == "/auth/revoke" else {}
    body[field] = "a\x00b"
    response = client.open(url, method=method, json=body, headers=admin.headers)
    if path == "/auth/revoke":  # RFC 7009: 200 whatever the token, and nothing revoked
        assert response.status_code == 200
    elif path in OAUTH_SHAPED:
        assert (response.status_code, response.json["error"]) == (400, "invalid_request")
    else:
        assert response.status_code == 400, response.json
        assert response.json["errors"][field] == "Must not contain control characters."


def test_a_nul_inside_a_passkey_answer_is_400(client):
    answer = {"id": "a\x00b", "rawId": "ab", "type": "public-key", "response": {}}
    response = client.post("/api/v1/auth/passkeys/login", json={"credential": answer})
    assert response.status_code == 400
    assert response.json["errors"] == {"credential": "Must not contain control characters."}


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/auth/login", "password"),
        ("/api/v1/auth/register", "email"),
        ("/api/v1/auth/password-reset", "email"),
    ],
)
def test_a_lone_surrogate_is_400_not_500(client, path, field):
    """JSON may spell half of a UTF-16 pair (\\ud800), which no UTF-8 text can hold."""
    body = {"email": "ada@example.com", "password": "correct-horse-9"}
    body[field] = "ab\ud800cd"
    response = client.post(path, json=body)
    assert response.status_code == 400
    assert field in response.json["errors"]


def test_a_lone_surrogate_at_the_token_endpoint_is_invalid_request(client):
    body = {"grant_type": "password", "username": "\udfff", "password": "correct-horse-9"}
    response = client.post("/api/v1/auth/token", json=body)
    assert (response.status_code, response.json["error"]) == (400, "invalid_request")


def test_a_nul_escaped_in_a_passkey_answer_sent_as_form_text_is_400(client):
    answer = '{"id": "ab", "rawId": "a\\u0000b", "type": "public-key", "response": {}}'
    response = client.post("/api/v1/auth/passkeys/login", data={"credential": answer})
    assert response.status_code == 400
    assert response.json["errors"] == {"credential": "Must not contain control characters."}

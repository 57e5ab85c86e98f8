"""GET /api/v1/auth/user, and docs/API.md's refused-token table on the users' realm."""

from datetime import timedelta

import pytest
from conftest import signing_settings, valid_claims

from app import db
from app.api.auth.decorator import DOUBLE_BEARER
from app.models import User
from app.security.keyring import generate_private_key

URL = "/api/v1/auth/user"
REALM = 'Bearer realm="registered_users@mydomain.com"'
INVALID = "Invalid token. Please log in again."


@pytest.fixture(params=["HS256", "EdDSA"])
def app(make_app, request, tmp_path):
    """Every row of the table holds with a shared secret and with an asymmetric key."""
    return make_app(**signing_settings(request.param, tmp_path))


def another_key(app):
    """A key of the app's kind that is not the app's: a stranger's secret or private key."""
    if app.config["JWT_ALGORITHM"] == "HS256":
        return "someone-elses-key-that-is-long-enough"
    return generate_private_key(app.config["JWT_ALGORITHM"])


def challenge(description: str) -> str:
    return f'{REALM}, error="invalid_token", error_description="{description}"'


def assert_invalid_token(response, description: str = INVALID) -> None:
    assert response.status_code == 401
    assert response.json == {"status": "fail", "message": description}
    assert response.headers["WWW-Authenticate"] == challenge(description)


def test_user_shows_the_tokens_owner(client, create_account):
    account = create_account()
    response = client.get(URL, headers=account.headers)
    assert response.status_code == 200
    assert response.json["email"] == account.email
    assert response.json["public_id"] == account.public_id
    assert response.json["admin"] is False
    assert response.json["registered_on"].endswith("+00:00")


def test_token_expires_in_counts_down_with_the_clock(client, create_account, clock):
    account = create_account()  # the testing config gives tokens 5 seconds
    clock.shift(timedelta(seconds=2))
    response = client.get(URL, headers=account.headers)
    assert response.json["token_expires_in"] == "00:00:03"


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer   ", "Basic YWRhOnB3"])
def test_no_usable_token_is_401_without_error_code(client, header):
    headers = {} if header is None else {"Authorization": header}
    response = client.get(URL, headers=headers)
    assert response.status_code == 401
    assert response.json == {"status": "fail", "message": "Unauthorized"}
    assert response.headers["WWW-Authenticate"] == REALM


@pytest.mark.parametrize("scheme", ["Bearer ", "bearer ", "BEARER ", ""])
def test_scheme_is_case_insensitive_and_optional(client, create_account, scheme):
    account = create_account()
    token = account.token
    response = client.get(URL, headers={"Authorization": f"{scheme}{token}"})
    assert response.status_code == 200


@pytest.mark.parametrize("token", ["garbage", "a.b.c", "x y", "ünïcødé"])
def test_malformed_token_is_invalid(client, token):
    assert_invalid_token(client.get(URL, headers={"Authorization": f"Bearer {token}"}))


def test_bearer_twice_is_refused_saying_to_paste_the_token_alone(client, create_account):
    token = create_account().headers["Authorization"].removeprefix("Bearer ")
    response = client.get(URL, headers={"Authorization": f"Bearer Bearer {token}"})
    assert_invalid_token(response, DOUBLE_BEARER)
    assert "paste the token alone" in response.headers["WWW-Authenticate"]


def test_forged_claims_signed_with_our_key_are_accepted(client, create_account, forge_token):
    """The control for the tests below: each changes one thing in these claims."""
    token = forge_token(valid_claims(create_account()))
    assert client.get(URL, headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_token_signed_with_another_key_is_invalid(app, client, create_account, forge_token):
    claims = valid_claims(create_account())
    token = forge_token(claims, key=another_key(app))
    assert_invalid_token(client.get(URL, headers={"Authorization": f"Bearer {token}"}))


@pytest.mark.parametrize("algorithm", ["none", "HS384", "HS512"])
def test_token_with_another_algorithm_is_invalid(
    app, client, create_account, forge_token, algorithm
):
    claims = valid_claims(create_account())
    key = "" if algorithm == "none" else app.config["SECRET_KEY"]
    token = forge_token(claims, key=key, algorithm=algorithm)
    assert_invalid_token(client.get(URL, headers={"Authorization": f"Bearer {token}"}))


def test_a_token_of_the_other_key_family_is_invalid(app, client, create_account, forge_token):
    """An HS256 token for an EdDSA app (signed with SECRET_KEY), or an EdDSA one for HS256."""
    claims = valid_claims(create_account())
    if app.config["JWT_ALGORITHM"] == "HS256":
        token = forge_token(claims, key=generate_private_key("EdDSA"), algorithm="EdDSA")
    else:
        token = forge_token(claims, key=app.config["SECRET_KEY"], algorithm="HS256")
    assert_invalid_token(client.get(URL, headers={"Authorization": f"Bearer {token}"}))


@pytest.mark.parametrize("missing", ["iss", "aud", "sub", "iat", "exp", "jti", "type", "sid"])
def test_token_without_a_required_claim_is_invalid(client, create_account, forge_token, missing):
    claims = valid_claims(create_account())
    del claims[missing]
    token = forge_token(claims)
    assert_invalid_token(client.get(URL, headers={"Authorization": f"Bearer {token}"}))


MISTYPED_CLAIMS = [
    ("iat", "1700000000"),
    ("iat", True),
    ("iat", [1700000000]),
    ("exp", "9999999999"),
    ("exp", None),
    ("nbf", "0"),
    ("sub", 12345),
    ("sub", ["someone"]),
    ("jti", {"id": 1}),
    ("type", ["access"]),
]


@pytest.mark.parametrize(("claim", "value"), MISTYPED_CLAIMS)
def test_registered_claim_of_the_wrong_type_is_invalid_even_signed_by_us(
    client, create_account, forge_token, claim, value
):
    claims = valid_claims(create_account()) | {claim: value}
    token = forge_token(claims)
    assert_invalid_token(client.get(URL, headers={"Authorization": f"Bearer {token}"}))


def test_expired_token_is_401(client, create_account, clock):
    account = create_account()
    clock.shift(timedelta(hours=1))
    response = client.get(URL, headers=account.headers)
    assert_invalid_token(response, "Access token expired. Please log in again.")


def test_token_of_a_deleted_user_is_invalid(app, client, create_account):
    account = create_account()
    with app.app_context():
        db.session.delete(User.find_by_public_id(account.public_id))
        db.session.commit()
    assert_invalid_token(client.get(URL, headers=account.headers))

"""Passkeys over HTTP, with a software authenticator: register, list, rename, delete, sign in
without a password; and every way an answer can be wrong."""

from datetime import timedelta

import jwt
import pytest
from conftest import PASSWORD, account_in, enable_totp
from support.soft_authenticator import UP, SoftAuthenticator, b64url

PASSKEYS = "/api/v1/auth/passkeys"
MFA = "/api/v1/auth/login/mfa"
NO_CHALLENGE = "This answers no live challenge of yours: ask for new options and try again."


def register(client, account, authenticator=None, name="laptop") -> tuple[SoftAuthenticator, dict]:
    authenticator = authenticator or SoftAuthenticator()
    options = client.post(f"{PASSKEYS}/register/options", headers=account.headers).json
    body = {"credential": authenticator.create(options), "name": name}
    response = client.post(PASSKEYS, json=body, headers=account.headers)
    assert response.status_code == 201, response.json
    return authenticator, response.json


def sign_in(client, authenticator, **wrong):
    options = client.post(f"{PASSKEYS}/login/options").json
    return client.post(
        f"{PASSKEYS}/login", json={"credential": authenticator.get(options, **wrong)}
    )


def test_register_then_sign_in_without_an_email(client, create_account):
    account = create_account()
    authenticator, passkey = register(client, account)
    assert passkey["name"] == "laptop" and passkey["last_used_at"] is None
    response = sign_in(client, authenticator)
    assert (response.status_code, response.json["message"]) == (200, "successfully logged in")
    me = client.get(
        "/api/v1/auth/user", headers={"Authorization": f"Bearer {response.json['access_token']}"}
    )
    assert me.json["email"] == account.email


def test_request_options_name_no_credential(client):
    options = client.post(f"{PASSKEYS}/login/options").json
    assert options["allowCredentials"] == [] and options["userVerification"] == "required"


def test_list_rename_and_delete(client, create_account):
    account = create_account()
    authenticator, passkey = register(client, account)
    renamed = client.patch(
        f"{PASSKEYS}/{passkey['id']}", json={"name": "phone"}, headers=account.headers
    )
    assert renamed.json["name"] == "phone"
    listed = client.get(PASSKEYS, headers=account.headers).json["passkeys"]
    assert [item["name"] for item in listed] == ["phone"]
    assert client.delete(f"{PASSKEYS}/{passkey['id']}", headers=account.headers).status_code == 204
    refused = sign_in(client, authenticator)
    assert (refused.status_code, refused.json["message"]) == (
        401,
        "That passkey is not registered.",
    )


def test_another_users_passkey_is_404(client, create_account):
    owner, other = create_account(), create_account()
    _, passkey = register(client, owner)
    assert client.delete(f"{PASSKEYS}/{passkey['id']}", headers=other.headers).status_code == 404


def test_a_passkey_never_registered_is_refused(client, create_account):
    register(client, create_account())
    stranger = SoftAuthenticator()
    response = sign_in(client, stranger)
    assert (response.status_code, response.json["message"]) == (
        401,
        "That passkey is not registered.",
    )


@pytest.mark.parametrize(
    ("wrong", "problem"),
    [
        ({"origin": "https://evil.example"}, "origin"),
        ({"rp_id": "evil.example"}, "RP ID"),
        ({"flags": UP}, "verif"),  # user present, not verified
    ],
)
def test_an_answer_for_another_origin_rp_or_without_verification_is_400(
    client, create_account, wrong, problem
):
    authenticator, _ = register(client, create_account())
    response = sign_in(client, authenticator, **wrong)
    assert response.status_code == 400
    assert problem.lower() in response.json["errors"]["credential"].lower()


def test_an_answer_to_another_challenge_is_400(client, create_account):
    authenticator, _ = register(client, create_account())
    client.post(f"{PASSKEYS}/login/options")
    forged = authenticator.get({"challenge": b64url(b"x" * 64)})
    response = client.post(f"{PASSKEYS}/login", json={"credential": forged})
    assert response.json["errors"] == {"credential": NO_CHALLENGE}


def test_a_replayed_answer_is_400(client, create_account):
    authenticator, _ = register(client, create_account())
    options = client.post(f"{PASSKEYS}/login/options").json
    answer = authenticator.get(options)
    assert client.post(f"{PASSKEYS}/login", json={"credential": answer}).status_code == 200
    replayed = client.post(f"{PASSKEYS}/login", json={"credential": answer})
    assert replayed.json["errors"] == {"credential": NO_CHALLENGE}


def test_a_counter_that_goes_back_is_refused_and_audited(app, client, create_account):
    account = create_account()
    authenticator, _ = register(client, account)
    assert sign_in(client, authenticator, counter=5).status_code == 200
    cloned = sign_in(client, authenticator, counter=3)
    assert cloned.status_code == 400
    assert "sign count" in cloned.json["errors"]["credential"]
    admin = create_account(admin=True)
    events = client.get("/api/v1/audit?event=passkey_counter_regressed", headers=admin.headers)
    assert events.json["total_items"] == 1


@pytest.mark.parametrize(
    "credential",
    [
        "not json",
        [],
        {"id": "x"},
        {"id": "!!", "rawId": "!!", "type": "public-key", "response": {"clientDataJSON": "%%"}},
        {
            "id": "AAAA",
            "rawId": "AAAA",
            "type": "public-key",
            "response": {"clientDataJSON": "e30"},
        },
    ],
)
def test_malformed_answers_are_400(client, credential):
    response = client.post(f"{PASSKEYS}/login", json={"credential": credential})
    assert response.status_code == 400
    assert list(response.json["errors"]) == ["credential"]


def test_malformed_cbor_in_a_registration_is_400(client, create_account):
    account = create_account()
    options = client.post(f"{PASSKEYS}/register/options", headers=account.headers).json
    answer = SoftAuthenticator().create(options)
    answer["response"]["attestationObject"] = b64url(b"\xff\x00not cbor")
    response = client.post(PASSKEYS, json={"credential": answer}, headers=account.headers)
    assert response.status_code == 400
    assert list(response.json["errors"]) == ["credential"]


def test_a_one_megabyte_body_is_413(client):
    response = client.post(f"{PASSKEYS}/login", json={"credential": {"id": "x" * 1_100_000}})
    assert response.status_code == 413
    assert response.json["status"] == "fail"


def test_registering_needs_a_recent_sign_in(make_app, clock):
    app = make_app(ACCESS_TOKEN_EXPIRE_SECONDS=3600, REFRESH_TOKEN_EXPIRE_SECONDS=7200)
    account = account_in(app)
    clock.shift(timedelta(minutes=11))
    response = app.test_client().post(f"{PASSKEYS}/register/options", headers=account.headers)
    assert response.status_code == 401
    assert "insufficient_user_authentication" in response.headers["WWW-Authenticate"]


def test_a_passkey_sign_in_says_so_in_amr(client, create_account):
    authenticator, _ = register(client, create_account())
    token = sign_in(client, authenticator).json["access_token"]
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["amr"] == ["hwk", "user"]


def test_the_password_still_works_after_registering(client, create_account):
    account = create_account()
    register(client, account)
    body = {"email": account.email, "password": PASSWORD}
    assert client.post("/api/v1/auth/login", json=body).status_code == 200


def mfa_login(client, account) -> dict:
    """The first answer of a password login with two-factor on."""
    response = client.post(
        "/api/v1/auth/login", json={"email": account.email, "password": PASSWORD}
    )
    assert response.status_code == 401, response.json
    return response.json


def test_a_passkey_finishes_a_two_step_login(client, create_account, clock):
    account = create_account()
    authenticator, passkey = register(client, account)
    enable_totp(client, account)
    first = mfa_login(client, account)
    assert first["methods"] == ["totp", "passkey", "recovery_code"]
    options = client.post(f"{MFA}/passkey/options", json={"mfa_token": first["mfa_token"]}).json
    assert [item["id"] for item in options["allowCredentials"]] == [
        b64url(authenticator.credential_id)
    ]
    body = {"mfa_token": first["mfa_token"], "credential": authenticator.get(options)}
    response = client.post(MFA, json=body)
    assert response.status_code == 200, response.json
    claims = jwt.decode(response.json["access_token"], options={"verify_signature": False})
    assert claims["amr"] == ["pwd", "hwk", "mfa"]


def test_another_users_passkey_cannot_finish_the_login(client, create_account, clock):
    ada, eve = create_account(), create_account()
    register(client, ada)
    eves_key, _ = register(client, eve)
    enable_totp(client, ada)
    first = mfa_login(client, ada)
    options = client.post(f"{MFA}/passkey/options", json={"mfa_token": first["mfa_token"]}).json
    body = {"mfa_token": first["mfa_token"], "credential": eves_key.get(options)}
    response = client.post(MFA, json=body)
    assert (response.status_code, response.json["message"]) == (401, "That code is not valid.")


@pytest.mark.parametrize("fields", [{}, {"code": "123456", "credential": {"id": "x"}}])
def test_the_second_step_takes_a_code_or_a_passkey_not_both_nor_neither(
    client, create_account, clock, fields
):
    account = create_account()
    enable_totp(client, account)
    first = mfa_login(client, account)
    response = client.post(MFA, json={"mfa_token": first["mfa_token"], **fields})
    assert response.json["errors"] == {
        "code": "Send a code, or a passkey's credential: one of them."
    }


def test_passkey_options_for_an_account_without_a_passkey_are_409(client, create_account, clock):
    account = create_account()
    enable_totp(client, account)
    first = mfa_login(client, account)
    response = client.post(f"{MFA}/passkey/options", json={"mfa_token": first["mfa_token"]})
    assert (response.status_code, response.json["message"]) == (
        409,
        "This account has no passkey: finish with a code.",
    )


@pytest.mark.parametrize("name", ["", "   ", "n" * 101, 42])
def test_a_passkey_name_must_be_1_to_100_characters(client, create_account, name):
    account = create_account()
    _, passkey = register(client, account)
    response = client.patch(
        f"{PASSKEYS}/{passkey['id']}", json={"name": name}, headers=account.headers
    )
    assert response.json["errors"] == {"name": "name must be text of 1 to 100 characters."}


def test_the_same_passkey_registered_twice_is_409(client, create_account):
    account = create_account()
    authenticator, _ = register(client, account)
    options = client.post(f"{PASSKEYS}/register/options", headers=account.headers).json
    body = {"credential": authenticator.create(options)}  # the browser would refuse; a script
    response = client.post(PASSKEYS, json=body, headers=account.headers)
    assert (response.status_code, response.json["message"]) == (
        409,
        "That passkey is registered already.",
    )


def test_a_disabled_accounts_passkey_does_not_sign_in(client, runner, create_account):
    account = create_account()
    authenticator, _ = register(client, account)
    runner.invoke(args=["disable-user", account.email])
    response = sign_in(client, authenticator)
    assert (response.status_code, response.json["message"]) == (403, "This account is disabled.")


def test_an_android_app_registers_and_signs_in_with_its_own_origin(make_app, clock):
    app_origin = "android:apk-key-hash:" + "q" * 42 + "g"  # as Android's Credential Manager says it
    app = make_app(WEBAUTHN_ORIGINS=["http://localhost:5000", app_origin])
    client, account = app.test_client(), account_in(app)
    authenticator, _ = register(client, account, SoftAuthenticator(origin=app_origin))
    assert sign_in(client, authenticator).status_code == 200
    refused = sign_in(client, authenticator, origin="android:apk-key-hash:" + "x" * 42 + "A")
    assert refused.status_code == 400

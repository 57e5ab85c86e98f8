"""Two-factor authentication with TOTP: enrolment, the two-step login, recovery codes, turning
it off; codes computed with pyotp from the secret, the clock moved with time-machine."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import jwt
import pyotp
import pytest
from conftest import PASSWORD, account_in, enable_totp, stepped_up

from app import db
from app.models import AuditEvent, OutboxMessage, TotpFactor
from app.security.sealing import new_data_key
from app.util.datetime_util import utc_now

TOTP, CONFIRM = "/api/v1/auth/mfa/totp", "/api/v1/auth/mfa/totp/confirm"
LOGIN, LOGIN_MFA = "/api/v1/auth/login", "/api/v1/auth/login/mfa"
NOT_VALID = "That code is not valid."
EXPIRED = "This sign-in has expired. Please log in again."


def first_step(client, account) -> str:
    """The mfa_token of a login with the right password."""
    response = client.post(LOGIN, json={"email": account.email, "password": PASSWORD})
    assert response.status_code == 401, response.json
    return response.json["mfa_token"]


def second_step(client, mfa_token: str, code: str):
    return client.post(LOGIN_MFA, json={"mfa_token": mfa_token, "code": code})


def claims(response) -> dict:
    return jwt.decode(response.json["access_token"], options={"verify_signature": False})


def test_enrolment_gives_a_secret_its_uri_and_a_qr_code(client, create_account, clock):
    account = create_account()
    response = client.post(TOTP, headers=account.headers)
    assert response.status_code == 200
    uri = urlsplit(response.json["otpauth_uri"])
    assert (uri.scheme, uri.netloc) == ("otpauth", "totp")
    assert uri.path == f"/Flask%20JWT%20API:{account.email.replace('@', '%40')}"
    assert parse_qs(uri.query)["secret"] == [response.json["secret"]]
    assert response.json["qr_svg"].startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    login = client.post(LOGIN, json={"email": account.email, "password": PASSWORD})
    assert login.status_code == 200  # not on until confirmed


def test_confirming_gives_ten_recovery_codes_and_turns_the_second_step_on(
    client, create_account, clock
):
    account = create_account()
    secret = client.post(TOTP, headers=account.headers).json["secret"]
    response = client.post(
        CONFIRM, json={"code": pyotp.TOTP(secret).now()}, headers=account.headers
    )
    codes = response.json["recovery_codes"]
    assert len(set(codes)) == 10 and all(len(code) == 11 for code in codes)
    login = client.post(LOGIN, json={"email": account.email, "password": PASSWORD})
    assert login.status_code == 401
    assert {key: login.json[key] for key in ("status", "message", "error", "methods")} == {
        "status": "fail",
        "message": "Enter the code from your authenticator app.",
        "error": "mfa_required",
        "methods": ["totp", "recovery_code"],
    }


def test_a_wrong_confirmation_code_leaves_it_off(client, create_account, clock):
    account = create_account()
    secret = client.post(TOTP, headers=account.headers).json["secret"]
    wrong = f"{(int(pyotp.TOTP(secret).now()) + 1) % 1_000_000:06d}"
    response = client.post(CONFIRM, json={"code": wrong}, headers=account.headers)
    assert (response.status_code, response.json["errors"]) == (400, {"code": NOT_VALID})


def test_enrolling_twice_is_409(app, client, create_account, clock):
    account = create_account()
    enable_totp(client, account)
    response = client.post(TOTP, headers=stepped_up(app, account))
    assert (response.status_code, response.json["message"]) == (
        409,
        "Two-factor authentication is already on.",
    )


def test_the_second_step_logs_in_with_a_code_and_says_so_in_amr(client, create_account, clock):
    account = create_account()
    app = enable_totp(client, account)
    clock.shift(timedelta(seconds=30))  # the next code: the enrolment's was spent
    response = second_step(client, first_step(client, account), app.now())
    assert response.status_code == 200
    assert claims(response)["amr"] == ["pwd", "otp", "mfa"]
    assert claims(response)["auth_time"] == int(utc_now().timestamp())


def test_a_code_is_accepted_once(client, create_account, clock):
    account = create_account()
    app = enable_totp(client, account)
    clock.shift(timedelta(seconds=30))
    code = app.now()
    assert second_step(client, first_step(client, account), code).status_code == 200
    replayed = second_step(client, first_step(client, account), code)
    assert (replayed.status_code, replayed.json["message"]) == (401, NOT_VALID)


@pytest.mark.parametrize(("age", "accepted"), [(30, True), (60, False)])
def test_one_step_of_clock_drift_is_allowed(client, create_account, clock, age, accepted):
    account = create_account()
    app = enable_totp(client, account)
    clock.shift(timedelta(seconds=90))
    code = app.at(utc_now() - timedelta(seconds=age))
    status = second_step(client, first_step(client, account), code).status_code
    assert status == (200 if accepted else 401)


def test_a_recovery_code_works_once(client, create_account, clock):
    account = create_account()
    secret = client.post(TOTP, headers=account.headers).json["secret"]
    confirmed = client.post(
        CONFIRM, json={"code": pyotp.TOTP(secret).now()}, headers=account.headers
    )
    code = confirmed.json["recovery_codes"][3].upper()  # any letter case
    response = second_step(client, first_step(client, account), code)
    assert response.status_code == 200
    assert claims(response)["amr"] == ["pwd", "mfa"]
    assert second_step(client, first_step(client, account), code).json["message"] == NOT_VALID


def test_the_client_names_the_factor_it_answers_with(client, create_account, clock):
    account = create_account()
    app = enable_totp(client, account)
    clock.shift(timedelta(seconds=30))  # past the step whose code turned it on
    as_recovery_code = {"mfa_token": first_step(client, account), "code": app.now()}
    refused = client.post(LOGIN_MFA, json=as_recovery_code | {"method": "recovery_code"})
    assert (refused.status_code, refused.json["message"]) == (401, NOT_VALID)
    answer = {"mfa_token": first_step(client, account), "code": app.now(), "method": "totp"}
    assert claims(client.post(LOGIN_MFA, json=answer))["amr"] == ["pwd", "otp", "mfa"]


def test_a_method_nobody_registered_is_400(client, create_account, clock):
    account = create_account()
    app = enable_totp(client, account)
    answer = {"mfa_token": first_step(client, account), "code": app.now(), "method": "sms"}
    response = client.post(LOGIN_MFA, json=answer)
    assert response.status_code == 400
    assert (
        "method must be one of: totp, email, passkey, recovery_code."
        in response.json["errors"]["method"]
    )


def test_five_wrong_codes_end_the_mfa_token(client, create_account, clock):
    account = create_account()
    app = enable_totp(client, account)
    mfa_token = first_step(client, account)
    for _ in range(5):
        assert second_step(client, mfa_token, "000000").json["message"] == NOT_VALID
    clock.shift(timedelta(seconds=30))
    ended = second_step(client, mfa_token, app.now())
    assert (ended.status_code, ended.json["message"]) == (401, EXPIRED)


def test_an_mfa_token_lives_five_minutes(client, create_account, clock):
    account = create_account()
    app = enable_totp(client, account)
    mfa_token = first_step(client, account)
    clock.shift(timedelta(minutes=5, seconds=1))
    assert second_step(client, mfa_token, app.now()).json["message"] == EXPIRED


def test_an_mfa_token_is_no_access_token_and_the_reverse(client, create_account, clock):
    account = create_account()
    enable_totp(client, account)
    mfa_token = first_step(client, account)
    as_access = client.get("/api/v1/auth/user", headers={"Authorization": f"Bearer {mfa_token}"})
    assert (as_access.status_code, as_access.json["message"]) == (
        401,
        "Invalid token. Please log in again.",
    )
    assert second_step(client, account.token, "123456").json["message"] == EXPIRED


@pytest.mark.parametrize("code", ["12345", "1234567", "12345a", "", "x" * 10_000, "１２３４５６"])
def test_a_code_that_cannot_be_one_is_400(client, create_account, clock, code):
    account = create_account()
    enable_totp(client, account)
    response = second_step(client, first_step(client, account), code)
    assert response.status_code == 400
    assert list(response.json["errors"]) == ["code"]


def test_the_secret_is_sealed_at_rest(app, client, create_account, clock):
    account = create_account()
    secret = client.post(TOTP, headers=account.headers).json["secret"]
    with app.app_context():
        (factor,) = db.session.scalars(db.select(TotpFactor)).all()
    assert secret.encode() not in factor.sealed_secret


def test_turning_it_off_needs_the_password_and_a_code(client, create_account, clock):
    account = create_account()
    app = enable_totp(client, account)
    clock.shift(timedelta(seconds=30))
    headers = bearer(second_step(client, first_step(client, account), app.now()))
    next_code = app.at(utc_now() + timedelta(seconds=30))  # one step ahead: drift allows it
    body = {"password": "wrong-pass-1", "code": next_code}
    wrong = client.delete(TOTP, json=body, headers=headers)
    assert wrong.json["errors"] == {"password": "Does not match your password."}
    response = client.delete(TOTP, json=body | {"password": PASSWORD}, headers=headers)
    assert response.status_code == 204
    assert (
        client.post(LOGIN, json={"email": account.email, "password": PASSWORD}).status_code == 200
    )


def test_new_recovery_codes_replace_the_old(client, create_account, clock):
    account = create_account()
    secret = client.post(TOTP, headers=account.headers).json["secret"]
    app = pyotp.TOTP(secret)
    old = client.post(CONFIRM, json={"code": app.now()}, headers=account.headers).json
    clock.shift(timedelta(seconds=30))
    headers = bearer(second_step(client, first_step(client, account), app.now()))
    next_code = app.at(utc_now() + timedelta(seconds=30))
    renewed = client.post(
        "/api/v1/auth/mfa/recovery-codes", json={"code": next_code}, headers=headers
    )
    assert renewed.status_code == 200
    new_codes = renewed.json["recovery_codes"]
    assert set(new_codes).isdisjoint(old["recovery_codes"])
    assert (
        second_step(client, first_step(client, account), old["recovery_codes"][0]).status_code
        == 401
    )
    assert second_step(client, first_step(client, account), new_codes[0]).status_code == 200


def test_a_secret_sealed_under_an_old_data_key_still_verifies(make_app, clock):
    old, new = new_data_key(), new_data_key()
    app = make_app(DATA_ENCRYPTION_KEYS=[old])
    client, account = app.test_client(), account_in(app)
    authenticator = enable_totp(client, account)
    app.config["DATA_ENCRYPTION_KEYS"] = [new, old]  # a new key first, the old one kept
    clock.shift(timedelta(seconds=30))
    response = second_step(client, first_step(client, account), authenticator.now())
    assert response.status_code == 200


def test_each_change_is_audited_and_emailed(app, client, create_account, clock):
    account = create_account()
    enable_totp(client, account)
    mfa_token = first_step(client, account)
    second_step(client, mfa_token, "000000")
    with app.app_context():
        events = db.session.scalars(db.select(AuditEvent.event).order_by(AuditEvent.id)).all()
        mail = db.session.scalars(db.select(OutboxMessage)).all()
    mfa_events = ["mfa_enrolment_started", "mfa_enabled", "mfa_failed"]
    assert mfa_events == [e for e in events if e.startswith("mfa")]
    assert [message.recipient for message in mail] == [account.email]


def bearer(response) -> dict[str, str]:
    assert response.status_code == 200, response.json
    return {"Authorization": f"Bearer {response.json['access_token']}"}


def test_an_mfa_token_signs_in_its_own_user_only(client, create_account, clock):
    ada, bob = create_account(), create_account()
    enable_totp(client, ada)
    bobs_app = enable_totp(client, bob)
    clock.shift(timedelta(seconds=30))
    response = second_step(client, first_step(client, ada), bobs_app.now())
    assert (response.status_code, response.json["message"]) == (401, NOT_VALID)


@pytest.mark.parametrize(
    ("mfa_token", "status"), [("", 400), ("x" * 10_000, 400), ("not.a.token", 401)]
)
def test_a_bad_mfa_token_is_a_clear_4xx(client, mfa_token, status):
    response = second_step(client, mfa_token, "123456")
    assert response.status_code == status
    assert list(response.json.get("errors", {})) == (["mfa_token"] if status == 400 else [])


def test_with_nothing_to_confirm_no_code_is_valid(app, client, create_account, clock):
    account = create_account()
    authenticator = enable_totp(client, account)  # on now: nothing is pending
    body = {"code": authenticator.at(utc_now() + timedelta(seconds=30))}  # an unspent code
    response = client.post(CONFIRM, json=body, headers=stepped_up(app, account))
    assert (response.status_code, response.json["errors"]) == (400, {"code": NOT_VALID})


def test_with_two_factor_off_no_code_renews_recovery_codes(client, create_account):
    account = create_account()
    body = {"code": "123456"}
    response = client.post("/api/v1/auth/mfa/recovery-codes", json=body, headers=account.headers)
    assert (response.status_code, response.json["errors"]) == (400, {"code": NOT_VALID})


def test_the_second_step_is_limited_per_account_from_any_address(make_app, clock):
    app = make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_LOGIN="100 per minute",
        RATELIMIT_LOGIN_MFA="100 per minute",
        RATELIMIT_LOGIN_MFA_PER_ACCOUNT="2 per minute",
    )
    client, account = app.test_client(), account_in(app)
    enable_totp(client, account)
    statuses = [
        client.post(
            LOGIN_MFA,
            json={"mfa_token": first_step(client, account), "code": "000000"},
            environ_base={"REMOTE_ADDR": f"10.0.0.{n}"},  # a new address each time
        ).status_code
        for n in range(3)
    ]
    assert statuses == [401, 401, 429]


def test_a_disabled_account_cannot_finish_its_login(client, runner, create_account, clock):
    account = create_account()
    authenticator = enable_totp(client, account)
    mfa_token = first_step(client, account)
    runner.invoke(args=["disable-user", account.email])
    clock.shift(timedelta(seconds=30))
    response = second_step(client, mfa_token, authenticator.now())
    assert (response.status_code, response.json["message"]) == (401, EXPIRED)

"""POST /api/v1/auth/refresh: rotation, reuse detection, and token types kept apart."""

from datetime import timedelta

import jwt
import pytest
import requests
from conftest import PASSWORD, valid_claims
from support.lossy_relay import LossyRelay
from support.oidc_provider import serving

from app import db
from app.models import RefreshToken
from app.util.datetime_util import utc_now

URL = "/api/v1/auth/refresh"
BLACKLISTED = "Token blacklisted. Please log in again."
GRACE = 10  # REFRESH_REUSE_GRACE, by default


@pytest.fixture
def login(client, create_account, clock):
    """Log a new user in, the clock frozen first; returns the token response."""
    account = create_account()
    body = {"email": account.email, "password": account.password}
    return client.post("/api/v1/auth/login", json=body).json


def refresh(client, token):
    return client.post(URL, json={"refresh_token": token})


def test_login_returns_a_refresh_token(login):
    assert login["refresh_token"].count(".") == 2
    assert login["refresh_token"] != login["access_token"]


def test_refresh_gives_a_new_working_pair(client, login):
    response = refresh(client, login["refresh_token"])
    assert response.status_code == 200
    assert response.json["message"] == "successfully refreshed"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.json["refresh_token"] != login["refresh_token"]
    headers = {"Authorization": f"Bearer {response.json['access_token']}"}
    assert client.get("/api/v1/auth/user", headers=headers).status_code == 200


def test_refresh_accepts_a_form_body(client, login):
    response = client.post(URL, data={"refresh_token": login["refresh_token"]})
    assert response.status_code == 200


def test_spent_refresh_token_is_refused(client, login, clock):
    refresh(client, login["refresh_token"])
    clock.shift(timedelta(seconds=GRACE + 1))
    response = refresh(client, login["refresh_token"])
    assert response.status_code == 401
    assert response.json == {"status": "fail", "message": BLACKLISTED}
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_reuse_of_a_spent_token_revokes_the_whole_chain(client, login, clock):
    newer = refresh(client, login["refresh_token"]).json["refresh_token"]
    clock.shift(timedelta(seconds=GRACE + 1))
    refresh(client, login["refresh_token"])  # the thief, or the victim, replays the old one
    assert refresh(client, newer).status_code == 401


def test_reuse_leaves_other_logins_alone(client, create_account, login, clock):
    other = create_account()
    body = {"email": other.email, "password": other.password}
    other_login = client.post("/api/v1/auth/login", json=body).json
    refresh(client, login["refresh_token"])
    clock.shift(timedelta(seconds=GRACE + 1))
    refresh(client, login["refresh_token"])
    assert refresh(client, other_login["refresh_token"]).status_code == 200


def jti(token: str) -> str:
    return jwt.decode(token, options={"verify_signature": False})["jti"]


def test_a_retry_within_the_grace_window_gets_the_same_successor(app, client, login, clock):
    first = refresh(client, login["refresh_token"]).json
    clock.shift(timedelta(seconds=GRACE - 1))
    retry = refresh(client, login["refresh_token"])  # its first answer was lost
    assert retry.status_code == 200
    assert jti(retry.json["refresh_token"]) == jti(first["refresh_token"])
    assert retry.json["access_token"] != first["access_token"]
    sid = jwt.decode(login["access_token"], options={"verify_signature": False})["sid"]
    with app.app_context():  # one chain: the login's token and its one successor
        chain = db.session.scalars(db.select(RefreshToken).filter_by(family=sid)).all()
        assert len(chain) == 2
    assert refresh(client, retry.json["refresh_token"]).status_code == 200  # the chain goes on


def test_once_the_successor_is_spent_the_grace_is_over(client, login, clock):
    successor = refresh(client, login["refresh_token"]).json["refresh_token"]
    newest = refresh(client, successor).json["refresh_token"]
    reused = refresh(client, login["refresh_token"])
    assert (reused.status_code, reused.json["message"]) == (401, BLACKLISTED)
    assert refresh(client, newest).status_code == 401  # the whole chain ended


def test_a_grace_of_zero_turns_it_off(make_app, clock):
    client = make_app(REFRESH_REUSE_GRACE=0).test_client()
    body = {"email": "ada@example.com", "password": PASSWORD}
    login = client.post("/api/v1/auth/register", json=body).json
    refresh(client, login["refresh_token"])
    assert refresh(client, login["refresh_token"]).status_code == 401


def test_access_token_is_not_a_refresh_token(client, login):
    response = refresh(client, login["access_token"])
    assert response.status_code == 401
    assert response.json["message"] == "Invalid token. Please log in again."


def test_refresh_token_is_not_an_access_token(client, login):
    headers = {"Authorization": f"Bearer {login['refresh_token']}"}
    response = client.get("/api/v1/auth/user", headers=headers)
    assert response.status_code == 401
    assert response.json["message"] == "Invalid token. Please log in again."


def test_forged_refresh_token_without_family_is_refused(client, create_account, forge_token):
    token = forge_token(valid_claims(create_account(), token_type="refresh"))
    assert refresh(client, token).status_code == 401


def test_expired_refresh_token_is_refused(client, login, time_machine):
    time_machine.move_to(utc_now() + timedelta(minutes=2))  # testing refresh tokens live 60 s
    response = refresh(client, login["refresh_token"])
    assert response.status_code == 401
    assert response.json["message"] == "Refresh token expired. Please log in again."


@pytest.mark.parametrize("body", [{}, {"refresh_token": ""}, {"refresh_token": 7}])
def test_missing_or_wrong_type_refresh_token_is_400(client, body):
    response = client.post(URL, json=body)
    assert response.status_code == 400
    assert list(response.json["errors"]) == ["refresh_token"]


def test_a_refresh_retried_after_its_answer_was_lost_keeps_the_session(live_url, create_account):
    account = create_account()
    body = {"email": account.email, "password": account.password}
    tokens = requests.post(f"{live_url}/api/v1/auth/login", json=body, timeout=10).json()
    with serving(LossyRelay(live_url)) as relay:
        sent = {"refresh_token": tokens["refresh_token"]}
        lost = requests.post(f"{relay}{URL}", json=sent, timeout=10)
        assert lost.status_code == 502  # the API spent the token and answered; nobody heard
        retried = requests.post(f"{relay}{URL}", json=sent, timeout=10)
        assert retried.status_code == 200, retried.text
        newest = {"refresh_token": retried.json()["refresh_token"]}
        assert requests.post(f"{relay}{URL}", json=newest, timeout=10).status_code == 200


@pytest.mark.parametrize("transport", [["cookie"], {"cookie": 1}])
def test_a_transport_that_is_no_name_is_a_clear_400(client, login, transport):
    body = {"refresh_token": login["refresh_token"], "refresh_transport": transport}
    response = client.post(URL, json=body)
    assert response.status_code == 400
    assert response.json["errors"] == {
        "refresh_transport": "refresh_transport must be body or cookie."
    }

"""GET /api/v1/auth/sessions and DELETE /api/v1/auth/sessions/<id>: a person's own logins."""

from datetime import timedelta

import pytest

from app.util.datetime_util import utc_now

URL = "/api/v1/auth/sessions"


def log_in(client, account, user_agent="pytest", ip="127.0.0.1"):
    """A new session of `account`; returns its token response."""
    body = {"email": account.email, "password": account.password}
    headers = {"User-Agent": user_agent}
    environ = {"REMOTE_ADDR": ip}
    return client.post("/api/v1/auth/login", json=body, headers=headers, environ_base=environ).json


def bearer(tokens):
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def sessions(client, tokens):
    response = client.get(URL, headers=bearer(tokens))
    assert response.status_code == 200
    return response.json["sessions"]


@pytest.fixture
def account(create_account):
    return create_account()


def test_each_login_is_a_session_newest_first(clock, client, account):
    clock.shift(timedelta(seconds=1))
    log_in(client, account, "Firefox/130", "10.0.0.1")
    clock.shift(timedelta(seconds=10))  # testing refresh tokens, and so sessions, live 60 s
    phone = log_in(client, account, "Mobile Safari", "10.0.0.2")
    listed = sessions(client, phone)
    assert [s["client"] for s in listed] == ["Mobile Safari", "Firefox/130", "pytest"]
    assert [s["ip"] for s in listed[:2]] == ["10.0.0.2", "10.0.0.1"]
    assert [s["current"] for s in listed] == [True, False, False]
    assert set(listed[0]) == {"id", "created_at", "last_used_at", "client", "ip", "current"}


def test_the_list_is_never_cached(client, account):
    response = client.get(URL, headers=account.headers)
    assert response.headers["Cache-Control"] == "no-store"


def test_a_long_user_agent_is_cut_to_200_characters(client, account):
    tokens = log_in(client, account, "A" * 1000)
    assert sessions(client, tokens)[0]["client"] == "A" * 200


def test_a_refresh_moves_last_used_at(clock, client, account):
    tokens = log_in(client, account)
    clock.shift(timedelta(seconds=30))
    body = {"refresh_token": tokens["refresh_token"]}
    fresh = client.post("/api/v1/auth/refresh", json=body).json
    (current,) = [s for s in sessions(client, fresh) if s["current"]]
    assert current["last_used_at"] == (utc_now()).isoformat()
    assert current["created_at"] == (utc_now() - timedelta(seconds=30)).isoformat()


def test_ending_a_session_refuses_its_access_and_refresh_tokens(client, account):
    laptop, phone = log_in(client, account), log_in(client, account)
    (laptop_session,) = [s for s in sessions(client, laptop) if s["current"]]
    response = client.delete(f"{URL}/{laptop_session['id']}", headers=bearer(phone))
    assert (response.status_code, response.data) == (204, b"")
    refused = client.get("/api/v1/auth/user", headers=bearer(laptop))
    assert (refused.status_code, refused.json["message"]) == (
        401,
        "Token blacklisted. Please log in again.",
    )
    body = {"refresh_token": laptop["refresh_token"]}
    assert client.post("/api/v1/auth/refresh", json=body).status_code == 401
    assert laptop_session["id"] not in [s["id"] for s in sessions(client, phone)]


def test_ending_the_current_session_logs_this_token_out(client, account):
    response = client.delete(f"{URL}/{account.session_id}", headers=account.headers)
    assert response.status_code == 204
    assert client.get("/api/v1/auth/user", headers=account.headers).status_code == 401


def test_someone_elses_session_is_404_and_stays_alive(client, account, create_account):
    other = create_account()
    response = client.delete(f"{URL}/{other.session_id}", headers=account.headers)
    assert response.status_code == 404
    assert response.json == {"status": "fail", "message": "No session of yours with that id."}
    assert client.get("/api/v1/auth/user", headers=other.headers).status_code == 200


def test_nobody_sees_someone_elses_sessions(client, account, create_account):
    other = create_account()
    listed = client.get(URL, headers=account.headers).json["sessions"]
    assert other.session_id not in [s["id"] for s in listed]


@pytest.mark.parametrize("session_id", ["nope", "0" * 36, "x" * 5000, "%27%20OR%201=1"])
def test_an_unknown_id_is_404(client, account, session_id):
    assert client.delete(f"{URL}/{session_id}", headers=account.headers).status_code == 404


def test_logout_all_ends_every_session(client, account):
    tokens = log_in(client, account)
    client.post("/api/v1/auth/logout-all", headers=bearer(tokens))
    fresh = log_in(client, account)
    assert len(sessions(client, fresh)) == 1


def test_logout_with_the_refresh_token_ends_its_session(client, account):
    tokens = log_in(client, account)
    body = {"refresh_token": tokens["refresh_token"]}
    client.post("/api/v1/auth/logout", json=body, headers=bearer(tokens))
    assert len(sessions(client, log_in(client, account))) == 2  # the fixture's and the new one


def test_sessions_need_a_token(client):
    assert client.get(URL).status_code == 401
    assert client.delete(f"{URL}/anything").status_code == 401

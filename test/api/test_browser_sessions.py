"""Browser sessions: the refresh token in an HttpOnly cookie; refresh and logout check CSRF."""

from datetime import timedelta

import jwt
import pytest
from conftest import PASSWORD, account_in

from app import create_app
from app.security.sealing import new_data_key

REFRESH, LOGOUT = "/api/v1/auth/refresh", "/api/v1/auth/logout"
CSRF_FAILED = {"status": "fail", "message": "CSRF check failed."}


def log_in(client, account, **fields):
    body = {"email": account.email, "password": PASSWORD, "refresh_transport": "cookie", **fields}
    response = client.post("/api/v1/auth/login", json=body)
    assert response.status_code == 200, response.json
    return response


def set_cookies(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


def refresh(client, csrf, **headers):
    return client.post(REFRESH, headers={"X-CSRF-Token": csrf, **headers} if csrf else headers)


def assert_cleared(response) -> None:
    cookies = set_cookies(response)
    assert any(c.startswith("refresh=;") and "Max-Age=0" in c for c in cookies), cookies
    assert any(c.startswith("csrf=;") and "Max-Age=0" in c for c in cookies), cookies


def test_cookie_login_puts_the_refresh_token_in_an_httponly_cookie(client, create_account):
    response = log_in(client, create_account())
    assert "refresh_token" not in response.json
    refresh_cookie, csrf_cookie = set_cookies(response)
    assert refresh_cookie.startswith("refresh=ey")
    for attribute in ("HttpOnly", "Path=/", "SameSite=Strict", "Max-Age=60"):
        assert attribute in refresh_cookie
    assert csrf_cookie.startswith(f"csrf={response.json['csrf_token']}; Expires=")
    assert csrf_cookie.endswith("; Max-Age=60; Path=/; SameSite=Strict")  # readable: no HttpOnly


def test_secure_cookies_are_host_prefixed_and_secure(make_app):
    app = make_app(COOKIE_SECURE=True)
    account = account_in(app)
    refresh_cookie, csrf_cookie = set_cookies(log_in(app.test_client(), account))
    assert refresh_cookie.startswith("__Host-refresh=") and "; Secure;" in refresh_cookie
    assert csrf_cookie.startswith("__Host-csrf=") and "; Secure;" in csrf_cookie


def test_the_body_transport_is_unchanged(client, create_account):
    response = log_in(client, create_account(), refresh_transport="body")
    assert response.json["refresh_token"].startswith("ey")
    assert "csrf_token" not in response.json and set_cookies(response) == []


def test_a_cookie_refresh_rotates_the_cookie_and_keeps_the_csrf_value(client, create_account):
    login = log_in(client, create_account())
    csrf, old_cookie = login.json["csrf_token"], client.get_cookie("refresh").value
    response = refresh(client, csrf)
    assert response.status_code == 200
    assert response.json["csrf_token"] == csrf and "refresh_token" not in response.json
    assert client.get_cookie("refresh").value != old_cookie
    assert client.get("/api/v1/auth/user", headers=bearer(response)).status_code == 200


def test_a_spent_cookie_is_refused_cleared_and_ends_its_login(client, create_account, clock):
    csrf = log_in(client, create_account()).json["csrf_token"]
    spent = client.get_cookie("refresh").value
    assert refresh(client, csrf).status_code == 200
    clock.shift(timedelta(seconds=11))  # past the grace window of a retry
    client.set_cookie("refresh", spent)
    reused = refresh(client, csrf)
    assert reused.status_code == 401
    assert reused.json["message"] == "Token blacklisted. Please log in again."
    assert 'error="invalid_token"' in reused.headers["WWW-Authenticate"]
    assert_cleared(reused)


@pytest.mark.parametrize(
    "headers",
    [
        {},  # no CSRF header
        {"X-CSRF-Token": "planted-by-someone-else"},
        {"X-CSRF-Token": ""},
    ],
)
def test_a_cookie_refresh_without_its_csrf_value_rotates_nothing(client, create_account, headers):
    csrf = log_in(client, create_account()).json["csrf_token"]
    cookie = client.get_cookie("refresh").value
    response = client.post(REFRESH, headers=headers)
    assert (response.status_code, response.json) == (403, CSRF_FAILED)
    assert set_cookies(response) == []
    assert client.get_cookie("refresh").value == cookie
    assert refresh(client, csrf).status_code == 200  # the cookie was not spent


def test_another_sessions_csrf_value_does_not_pass(client, create_account):
    account = create_account()
    other_csrf = log_in(client, account).json["csrf_token"]
    log_in(client, account)  # a second login: its cookie replaces the first
    assert refresh(client, other_csrf).json == CSRF_FAILED


@pytest.mark.parametrize(
    ("origin", "status"),
    [
        ("http://localhost", 200),  # the API's own origin
        ("https://app.example", 200),  # listed in CORS_ORIGINS
        ("https://evil.example", 403),
        ("null", 403),
    ],
)
def test_a_cookie_refresh_checks_the_origin_it_comes_from(make_app, origin, status):
    app = make_app(CORS_ORIGINS=["https://app.example"])
    client = app.test_client()
    csrf = log_in(client, account_in(app)).json["csrf_token"]
    assert refresh(client, csrf, Origin=origin).status_code == status


def test_a_cookie_and_a_body_token_at_once_are_400(client, create_account):
    account = create_account()
    body_token = log_in(client, account, refresh_transport="body").json["refresh_token"]
    csrf = log_in(client, account).json["csrf_token"]
    response = client.post(
        REFRESH, json={"refresh_token": body_token}, headers={"X-CSRF-Token": csrf}
    )
    assert response.status_code == 400
    assert response.json["errors"] == {
        "refresh_token": "Send the refresh token in the body or in the cookie, not both."
    }


def test_neither_a_body_token_nor_a_cookie_is_400(client):
    response = client.post(REFRESH, json={})
    assert response.status_code == 400
    assert "refresh_token" in response.json["errors"]


@pytest.mark.parametrize(
    ("cookie", "message"),
    [
        ("not-a-token", "Invalid token. Please log in again."),
        ("x" * 100_000, "Invalid token. Please log in again."),
    ],
)
def test_a_bad_cookie_is_401_and_cleared(app, cookie, message):
    client = app.test_client(use_cookies=False)  # sends the header as is, past a browser's limit
    response = refresh(client, "any", Cookie=f"refresh={cookie}")
    assert (response.status_code, response.json["message"]) == (401, message)
    assert_cleared(response)


def test_a_tampered_cookie_or_one_of_another_kind_is_401_and_cleared(client, create_account):
    account = create_account()
    log_in(client, account)
    cookie = client.get_cookie("refresh").value
    for forged in (cookie[:-4] + "AAAA", account.token):  # bad signature; an access token
        client.set_cookie("refresh", forged)
        response = refresh(client, "any")
        assert response.status_code == 401
        assert response.json["message"] == "Invalid token. Please log in again."
        assert_cleared(response)


def test_an_expired_cookie_is_401_and_cleared(client, create_account, clock):
    csrf = log_in(client, create_account()).json["csrf_token"]
    clock.shift(timedelta(minutes=2))  # past the 60 s testing lifetime
    response = refresh(client, csrf)
    assert response.json["message"] == "Refresh token expired. Please log in again."
    assert_cleared(response)


def test_logout_with_a_bearer_token_clears_the_cookies_and_ends_their_login(client, create_account):
    login = log_in(client, create_account())
    response = client.post(LOGOUT, headers=bearer(login))
    assert response.status_code == 200
    assert_cleared(response)
    client.set_cookie("refresh", login_cookie(login))
    assert refresh(client, login.json["csrf_token"]).status_code == 401


def test_logout_with_the_cookie_alone_needs_its_csrf_value(client, create_account):
    login = log_in(client, create_account())
    assert client.post(LOGOUT).json == CSRF_FAILED
    assert refresh(client, login.json["csrf_token"]).status_code == 200  # still signed in
    response = client.post(LOGOUT, headers={"X-CSRF-Token": login.json["csrf_token"]})
    assert (response.status_code, response.json["message"]) == (200, "successfully logged out")
    assert_cleared(response)


def test_logout_with_the_cookie_alone_ends_its_login(client, create_account):
    login = log_in(client, create_account())
    cookie, csrf = client.get_cookie("refresh").value, login.json["csrf_token"]
    client.post(LOGOUT, headers={"X-CSRF-Token": csrf})
    client.set_cookie("refresh", cookie)
    assert refresh(client, csrf).json["message"] == "Token blacklisted. Please log in again."


def test_an_unknown_transport_is_400(client, create_account):
    account = create_account()
    response = client.post(
        "/api/v1/auth/login",
        json={"email": account.email, "password": PASSWORD, "refresh_transport": "url"},
    )
    assert response.status_code == 400
    assert response.json["errors"] == {
        "refresh_transport": "refresh_transport must be body or cookie."
    }


def test_a_password_change_can_answer_with_cookies(client, create_account):
    account = create_account()
    body = {
        "current_password": PASSWORD,
        "new_password": "a-new-horse-battery-9",
        "refresh_transport": "cookie",
    }
    response = client.post("/api/v1/auth/password", json=body, headers=account.headers)
    assert response.status_code == 200
    assert "csrf_token" in response.json and client.get_cookie("refresh") is not None


def bearer(response) -> dict[str, str]:
    return {"Authorization": f"Bearer {response.json['access_token']}"}


def login_cookie(response) -> str:
    return set_cookies(response)[0].split(";")[0].removeprefix("refresh=")


@pytest.mark.parametrize(
    ("origin", "status"),
    [(None, 200), ("https://app.example", 200), ("https://evil.example", 403)],
)
def test_where_only_listed_origins_may_a_cookie_login_from_another_is_403(make_app, origin, status):
    app = make_app(CORS_ORIGINS=["https://app.example"], COOKIES_FROM_LISTED_ORIGINS_ONLY=True)
    account, headers = account_in(app), {"Origin": origin} if origin else {}
    body = {"email": account.email, "password": PASSWORD, "refresh_transport": "cookie"}
    response = app.test_client().post("/api/v1/auth/login", json=body, headers=headers)
    assert response.status_code == status
    assert status == 200 or set_cookies(response) == []


@pytest.mark.usefixtures("id_token_key")
def test_production_takes_cookies_from_listed_origins_only(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 32)
    monkeypatch.setenv("DATA_ENCRYPTION_KEYS", new_data_key())
    monkeypatch.setenv("PUBLIC_URL", "https://api.example.com")
    app = create_app("production", DATABASE_URL="sqlite://")
    assert app.config["COOKIES_FROM_LISTED_ORIGINS_ONLY"] is True
    assert app.config["COOKIE_SECURE"] is True


def test_listed_origins_get_cors_with_credentials(make_app):
    client = make_app(CORS_ORIGINS=["https://app.example"]).test_client()
    listed = client.get("/api/v1/health", headers={"Origin": "https://app.example"})
    assert listed.headers["Access-Control-Allow-Origin"] == "https://app.example"
    assert listed.headers["Access-Control-Allow-Credentials"] == "true"
    other = client.get("/api/v1/health", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_any_origin_gets_cors_without_credentials(client):
    response = client.get("/api/v1/health", headers={"Origin": "https://any.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_logout_leaves_another_users_cookie_session_alone(client, create_account):
    owner, other = create_account(), create_account()
    login = log_in(client, owner)  # the browser's cookie is the owner's
    cookie = client.get_cookie("refresh").value
    response = client.post(LOGOUT, headers=other.headers)  # someone else's bearer token
    assert response.status_code == 200
    assert_cleared(response)  # the browser forgets it all the same
    client.set_cookie("refresh", cookie)
    assert refresh(client, login.json["csrf_token"]).status_code == 200  # still alive


def test_a_fetch_without_credentials_is_told_what_to_send(make_app):
    client = make_app(CORS_ORIGINS=["https://app.example"]).test_client()
    response = client.post(REFRESH, headers={"Origin": "https://app.example"})
    assert response.status_code == 400
    assert response.json["errors"] == {
        "refresh_token": "Send the refresh_token of your last token response, or the refresh "
        'cookie (fetch needs credentials: "include").'
    }


def test_two_tabs_refreshing_with_one_cookie_converge_on_one_successor(
    client, create_account, clock
):
    csrf = log_in(client, create_account()).json["csrf_token"]
    shared = client.get_cookie("refresh").value
    first = refresh(client, csrf)
    client.set_cookie("refresh", shared)  # the other tab sends the cookie it read before
    second = refresh(client, csrf)
    assert (first.status_code, second.status_code) == (200, 200)
    assert successor_in(first) == successor_in(second)


def successor_in(response) -> str:
    """The jti of the refresh token a response set in the cookie."""
    cookie = next(c for c in set_cookies(response) if c.startswith("refresh="))
    token = cookie.split(";")[0].removeprefix("refresh=")
    return jwt.decode(token, options={"verify_signature": False})["jti"]

"""POST /api/v1/auth/verify-email and /resend; email_verified; REQUIRE_VERIFIED_EMAIL."""

from datetime import timedelta

import pytest

from app.util.datetime_util import utc_now

VERIFY = "/api/v1/auth/verify-email"
RESEND = "/api/v1/auth/verify-email/resend"
INVALID_LINK = {"token": "This verification link is invalid or has expired."}
CREDENTIALS = {"email": "ada@example.com", "password": "correct-horse-9"}


@pytest.fixture
def registered(client, mailbox, deliver):
    """Register through HTTP; returns the token response and the token from the email."""
    tokens = client.post("/api/v1/auth/register", json=CREDENTIALS).json
    deliver()
    return tokens, mailbox.token_in(mailbox.messages[-1])


def bearer(tokens):
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def test_registering_sends_a_token_that_verifies_the_address(client, registered):
    tokens, token = registered
    assert client.get("/api/v1/auth/user", headers=bearer(tokens)).json["email_verified"] is False
    response = client.post(VERIFY, json={"token": token})
    assert response.json == {"status": "success", "message": "email address verified"}
    assert client.get("/api/v1/auth/user", headers=bearer(tokens)).json["email_verified"] is True


def test_verifying_twice_is_harmless(client, registered):
    client.post(VERIFY, json={"token": registered[1]})
    assert client.post(VERIFY, json={"token": registered[1]}).status_code == 200


def test_a_token_expires(client, registered, time_machine):
    time_machine.move_to(utc_now() + timedelta(days=3))
    assert client.post(VERIFY, json={"token": registered[1]}).json["errors"] == INVALID_LINK


@pytest.mark.parametrize("kind", ["access_token", "refresh_token"])
def test_session_tokens_verify_nothing(client, registered, kind):
    response = client.post(VERIFY, json={"token": registered[0][kind]})
    assert (response.status_code, response.json["errors"]) == (400, INVALID_LINK)


def test_a_verification_token_is_no_reset_token(client, registered):
    body = {"token": registered[1], "new_password": "new-horse-battery-7"}
    response = client.post("/api/v1/auth/password-reset/confirm", json=body)
    assert response.json["errors"] == {"token": "This reset link is invalid or has expired."}


@pytest.mark.parametrize("token", ["a.b.c", "x" * 10_000, 7, ""])
def test_a_bad_token_is_a_clear_400(client, token):
    response = client.post(VERIFY, json={"token": token})
    assert response.status_code == 400
    assert list(response.json["errors"]) == ["token"]


def test_resend_sends_a_new_working_token(client, registered, mailbox, deliver):
    response = client.post(RESEND, headers=bearer(registered[0]))
    assert response.status_code == 202
    assert response.json == {"status": "success", "message": "verification email sent"}
    deliver()
    assert len(mailbox.messages) == 2
    token = mailbox.token_in(mailbox.messages[-1])
    assert client.post(VERIFY, json={"token": token}).status_code == 200


def test_resend_when_verified_sends_nothing(client, registered, deliver):
    client.post(VERIFY, json={"token": registered[1]})
    response = client.post(RESEND, headers=bearer(registered[0]))
    assert (response.status_code, response.json["message"]) == (
        202,
        "email address already verified",
    )
    assert deliver() == (0, 0)


def test_resend_needs_a_token(client):
    assert client.post(RESEND).status_code == 401


def test_required_verification_keeps_unverified_users_out_of_widgets(app, client, registered):
    app.config["REQUIRE_VERIFIED_EMAIL"] = True
    response = client.get("/api/v1/widgets", headers=bearer(registered[0]))
    assert response.status_code == 403
    assert response.json == {"status": "fail", "message": "Verify your email address first"}
    assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]


def test_required_verification_leaves_the_auth_routes_open(app, client, registered):
    app.config["REQUIRE_VERIFIED_EMAIL"] = True
    assert client.get("/api/v1/auth/user", headers=bearer(registered[0])).status_code == 200
    client.post(VERIFY, json={"token": registered[1]})
    assert client.get("/api/v1/widgets", headers=bearer(registered[0])).status_code == 200

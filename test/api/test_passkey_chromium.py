"""Passkeys in real Chromium, with a virtual authenticator (the DevTools protocol's WebAuthn
domain: CTAP2, internal transport, resident keys, user verification). A page on the API's
origin registers through navigator.credentials.create and signs in through
navigator.credentials.get with no email; the API runs under gunicorn on each database.
"""

from collections.abc import Iterator

import pytest
from conftest import SCREENSHOTS, fresh_database
from sqlalchemy import create_engine, text
from support.served_app import serve

from bench.servers import free_port

pytestmark = pytest.mark.slow  # gunicorn and Chromium

PASSWORD = "correct-horse-9"
AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
}
REGISTER = """async (token) => {
  const auth = {Authorization: "Bearer " + token};
  const options = await (await fetch("/api/v1/auth/passkeys/register/options",
    {method: "POST", headers: auth})).json();
  const credential = await navigator.credentials.create(
    {publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options)});
  const response = await fetch("/api/v1/auth/passkeys", {
    method: "POST", headers: {...auth, "Content-Type": "application/json"},
    body: JSON.stringify({credential: credential.toJSON(), name: "virtual"})});
  return [response.status, await response.json()];
}"""
CREATE_ONLY = """async (token) => {
  const options = await (await fetch("/api/v1/auth/passkeys/register/options",
    {method: "POST", headers: {Authorization: "Bearer " + token}})).json();
  await navigator.credentials.create(
    {publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options)});
}"""
SIGN_IN = """async () => {
  const options = await (await fetch("/api/v1/auth/passkeys/login/options",
    {method: "POST"})).json();
  const credential = await navigator.credentials.get(
    {publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options)});
  const response = await fetch("/api/v1/auth/passkeys/login", {
    method: "POST", headers: {"Content-Type": "application/json"},
    body: JSON.stringify({credential: credential.toJSON()})});
  return [response.status, await response.json()];
}"""
CALL = """async ([method, path, token]) => {
  const response = await fetch(path, {method, headers: {Authorization: "Bearer " + token}});
  return [response.status, response.status === 204 ? null : await response.json()];
}"""


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request, tmp_path_factory) -> Iterator[tuple[str, str]]:
    """The API under gunicorn, reached as http://localhost:<port> (an RP ID must be a name),
    and its database."""
    folder, port = tmp_path_factory.mktemp("passkeys"), free_port()
    database = fresh_database(request.param, folder, "passkeys")
    origin = f"http://localhost:{port}"
    environment = {"WEBAUTHN_RP_ID": "localhost", "WEBAUTHN_ORIGINS": origin}
    server, _ = serve(
        database, folder / "gunicorn.log", config="development", environment=environment, port=port
    )
    yield origin, database
    server.stop()


@pytest.fixture
def origin(served) -> str:
    return served[0]


@pytest.fixture
def page(browser, origin):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{origin}/api/v1/ui")
    page.webauthn = context.new_cdp_session(page)
    page.webauthn.send("WebAuthn.enable")
    yield page
    context.close()


def add_authenticator(page) -> str:
    added = page.webauthn.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})
    return str(added["authenticatorId"])


def register_account(page, served, email: str) -> str:
    """A new account through the API, as the page would, its address verified as its link
    would (a passkey joins only a proved address); its access token."""
    status, body = page.evaluate(
        """async (email) => {
          const response = await fetch("/api/v1/auth/register", {method: "POST",
            headers: {"Content-Type": "application/json"},
            body: JSON.stringify({email, password: "correct-horse-9"})});
          return [response.status, await response.json()];
        }""",
        email,
    )
    assert status == 201, body
    engine = create_engine(served[1])
    with engine.begin() as connection:
        verified = text("UPDATE site_user SET email_verified = :yes WHERE email = :email")
        connection.execute(verified, {"yes": True, "email": email})
    engine.dispose()
    return str(body["access_token"])


def test_register_a_passkey_then_sign_in_with_it_and_no_email(page, served, request):
    add_authenticator(page)
    token = register_account(page, served, "passkey-user@example.com")
    status, passkey = page.evaluate(REGISTER, token)
    assert (status, passkey["name"]) == (201, "virtual")
    assert page.evaluate(CALL, ["POST", "/api/v1/auth/logout", token])[0] == 200  # signed out

    status, signed_in = page.evaluate(SIGN_IN)
    assert (status, signed_in["message"]) == (200, "successfully logged in")
    fresh = signed_in["access_token"]
    status, me = page.evaluate(CALL, ["GET", "/api/v1/auth/user", fresh])
    assert (status, me["email"]) == (200, "passkey-user@example.com")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{request.node.name}-signed-in.png")

    deleted = page.evaluate(CALL, ["DELETE", f"/api/v1/auth/passkeys/{passkey['id']}", fresh])
    assert deleted[0] == 204
    status, refused = page.evaluate(SIGN_IN)  # the authenticator still holds it; we do not
    assert (status, refused["message"]) == (401, "That passkey is not registered.")


def test_an_authenticator_never_registered_is_refused(page, served):
    first = add_authenticator(page)
    token = register_account(page, served, "two-keys@example.com")
    assert page.evaluate(REGISTER, token)[0] == 201
    page.webauthn.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": first})
    add_authenticator(page)
    page.evaluate(CREATE_ONLY, token)  # a key for this site that the API never saw
    status, refused = page.evaluate(SIGN_IN)
    assert (status, refused["message"]) == (401, "That passkey is not registered.")

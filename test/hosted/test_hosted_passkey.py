"""The passkey button's answer, posted to /signin/passkey as its script posts it: a software
authenticator stands in for the browser; a passkey is a whole sign-in."""

import json
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from support.hosted_pages import HostedClient, the_form
from support.soft_authenticator import SoftAuthenticator

PASSKEYS = "/api/v1/auth/passkeys"


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app(PUBLIC_URL="https://localhost")


@pytest.fixture
def site(app: Flask) -> HostedClient:
    return HostedClient(app.test_client())


def registered(client: FlaskClient, account) -> SoftAuthenticator:
    authenticator = SoftAuthenticator()
    options = client.post(f"{PASSKEYS}/register/options", headers=account.headers).json
    body = {"credential": authenticator.create(options), "name": "laptop"}
    assert client.post(PASSKEYS, json=body, headers=account.headers).status_code == 201
    return authenticator


def post_answer(site: HostedClient, answer: str):
    """What the script does: the page's csrf_token, and the answer as JSON text."""
    token = the_form(site.get("/signin"))["fields"]["csrf_token"]
    return site.post("/signin/passkey", data={"csrf_token": token, "credential": answer})


def test_a_passkey_signs_in(client: FlaskClient, site: HostedClient, create_account) -> None:
    authenticator = registered(client, create_account())
    options = site.client.post(f"{PASSKEYS}/login/options").json
    response = post_answer(site, json.dumps(authenticator.get(options)))
    assert (response.status_code, response.headers["Location"]) == (303, "/signed-in")
    assert site.get("/signed-in").status_code == 200


@pytest.mark.parametrize("answer", ["", "not json", "[1, 2]"])
def test_what_is_no_answer_shows_the_page_again(site: HostedClient, answer: str) -> None:
    response = post_answer(site, answer)
    assert response.status_code == 400
    assert "not a passkey" in response.get_data(as_text=True)


def test_the_page_offers_the_button_with_its_script(site: HostedClient) -> None:
    html = site.get("/signin").get_data(as_text=True)
    assert 'id="passkey"' in html and "/static/hosted-passkey.js" in html
    script = site.get("/static/hosted-passkey.js")
    script.close()
    assert script.status_code == 200

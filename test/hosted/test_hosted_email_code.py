"""Signing in on the hosted pages with a code sent by email: one page for the address, one for
the code, each one form; the code read from a real SMTP server."""

from collections.abc import Callable

import pytest
from flask import Flask
from support.hosted_pages import HostedClient, the_form

SUBJECT = "Your code to sign in"


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app(PUBLIC_URL="https://localhost")


@pytest.fixture
def site(app: Flask) -> HostedClient:
    return HostedClient(app.test_client())


def ask_for_code(site: HostedClient, email: str, next_path: str | None = None):
    page = site.get("/signin/code", query_string={"next": next_path} if next_path else None)
    assert set(the_form(page)["fields"]) == {"csrf_token", "email"}
    return site.submit(page, email=email)


def test_the_emailed_code_signs_in(site: HostedClient, create_account, mailbox, deliver) -> None:
    account = create_account()
    asked = ask_for_code(site, account.email, "/somewhere")
    assert asked.status_code == 303
    deliver()
    code = mailbox.code_in([m for m in mailbox.messages if m["Subject"] == SUBJECT][-1])
    entry = site.get(asked.headers["Location"])
    assert set(the_form(entry)["fields"]) == {"csrf_token", "email", "code"}
    assert the_form(entry)["fields"]["email"] == account.email
    done = site.submit(entry, code=code)
    assert (done.status_code, done.headers["Location"]) == (303, "/somewhere")
    assert site.get("/signed-in").status_code == 200


def test_a_wrong_code_shows_the_page_again(site: HostedClient, create_account, deliver) -> None:
    account = create_account()
    entry = site.get(ask_for_code(site, account.email).headers["Location"])
    again = site.submit(entry, code="000000")
    assert again.status_code == 400
    assert "That code is not valid." in again.get_data(as_text=True)
    assert site.get("/signed-in").status_code == 303


def test_an_unknown_address_is_answered_alike(site: HostedClient, create_account) -> None:
    known = ask_for_code(site, create_account().email)
    unknown = ask_for_code(site, "nobody@example.com")
    assert known.status_code == unknown.status_code == 303

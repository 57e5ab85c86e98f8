"""Every email through real SMTP (aiosmtpd) as text and HTML: multipart/alternative, the branded
layout, its token, code or link in both parts, no remote resource but the logo, values escaped
in the HTML; TEMPLATES_FOLDER overriding one file while the rest fall back; old queued rows.

CASES lists every function of app/mail/messages.py (a test checks that it does): a new message
is rendered and delivered here as soon as it has its row."""

import inspect
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any, NamedTuple

import pytest
from conftest import account_in

from app import db
from app.accounts.emailed_codes import Purpose
from app.accounts.login_throttle import NOTICE as THROTTLE_NOTICE
from app.accounts.sensitive import SENSITIVE_OPERATIONS
from app.config import ConfigError
from app.mail import messages
from app.mail.outbox import deliver_due_messages, queue_email
from app.models import OutboxMessage
from app.security.sealing import seal
from app.util.datetime_util import utc_now

TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl"
LOGO = "https://cdn.acme.example/logo.png"
BRANDED = {
    "BRAND_NAME": "Acme Cloud",
    "BRAND_URL": "https://acme.example",
    "BRAND_LOGO_URL": LOGO,
    "PASSWORD_RESET_URL": "https://app.acme.example/reset#token={token}",
    "EMAIL_VERIFICATION_URL": "https://app.acme.example/verify#token={token}",
    "EMAIL_CHANGE_URL": "https://app.acme.example/new-address#token={token}",
    "INVITATION_URL": "https://app.acme.example/join#token={token}",
}
HOSTILE = '<img src="https://evil.example/x.png" onerror="alert(1)">'


class Case(NamedTuple):
    """One email: the message function, its arguments after the recipient, what its text must
    say, and the link its HTML must hold as an <a href> (None: it has none)."""

    function: Callable[..., messages.Email]
    arguments: tuple[Any, ...]
    says: str
    link: str | None = None


def link(setting: str) -> str:
    return BRANDED[setting].replace("{token}", TOKEN)


def notice_case(notice: str, *subject: str) -> Case:
    """A security notice's case: its text must say what happened."""
    return Case(messages.security_notice, (notice, *subject), notice)


# Every detail a notice of SENSITIVE_OPERATIONS may name, for str.format (which ignores the rest).
DETAILS = {"new_email": "b@example.com", "method": "totp", "name": "laptop", "provider": "github"}

CASES: dict[str, Case] = {
    "password_reset": Case(
        messages.password_reset_email, (TOKEN,), TOKEN, link("PASSWORD_RESET_URL")
    ),
    "verification": Case(
        messages.verification_email, (TOKEN,), TOKEN, link("EMAIL_VERIFICATION_URL")
    ),
    "email_change": Case(messages.email_change_email, (TOKEN,), TOKEN, link("EMAIL_CHANGE_URL")),
    "invitation": Case(
        messages.invitation_email, (TOKEN, ["user", "editor"], 7), TOKEN, link("INVITATION_URL")
    ),
    **{
        f"emailed_code-{purpose.name}": Case(
            messages.emailed_code_email, ("042917", purpose.value, 10), "042917"
        )
        for purpose in Purpose
    },
    **{
        f"security_notice-{operation.name}": notice_case(policy.notice.format(**DETAILS))
        for operation, policy in SENSITIVE_OPERATIONS.items()
        if policy.notice is not None
    },
    "security_notice-throttled": notice_case(THROTTLE_NOTICE, "Failed sign-ins to your account"),
}
REMOTE_TAGS = {"link", "script", "style", "iframe", "object", "embed", "base"}


class Page(HTMLParser):
    """An HTML part as a mail reader sees it: its tags, images, links, styles and text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.images: list[str | None] = []
        self.links: list[str | None] = []
        self.styles: list[str | None] = []
        self.text = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.add(tag)
        self.images += [attributes.get("src")] if tag == "img" else []
        self.links += [attributes.get("href")] if tag == "a" else []
        self.styles += [attributes["style"]] if "style" in attributes else []

    def handle_data(self, data: str) -> None:
        self.text += data


def delivered(app, mailbox, message_function, *arguments):
    """The email of `message_function` to ada@example.com, queued and sent through the app's
    outbox to the real SMTP server: as received."""
    with app.app_context():
        queue_email(message_function("ada@example.com", *arguments))
        db.session.commit()
        assert deliver_due_messages() == (1, 0)
    return mailbox.messages[-1]


@pytest.fixture
def branded(make_app, mailbox_for):
    """An app with a brand and the front end's links, and its mailbox."""
    app = make_app(**BRANDED)
    return app, mailbox_for(app)


def test_the_table_lists_every_message_function():
    functions = {
        function
        for name, function in inspect.getmembers(messages, inspect.isfunction)
        if function.__module__ == messages.__name__ and not name.startswith("_")
    }
    assert functions == {case.function for case in CASES.values()}


@pytest.mark.parametrize("name", CASES)
def test_every_email_is_branded_text_then_html_saying_the_same(branded, name):
    app, mailbox = branded
    case = CASES[name]
    message = delivered(app, mailbox, case.function, *case.arguments)
    parts = [part.get_content_type() for part in message.iter_parts()]
    assert (message.get_content_type(), parts) == (
        "multipart/alternative",
        ["text/plain", "text/html"],
    )
    text, page = mailbox.text_of(message), Page(mailbox.html_of(message))
    assert case.says in text and case.says in page.text
    assert "Acme Cloud" in text and "Acme Cloud" in page.text
    assert page.images == [LOGO]
    if case.link:
        assert case.link in text and case.link in page.links


@pytest.mark.parametrize("name", CASES)
def test_no_html_part_fetches_anything_but_the_logo(branded, name):
    app, mailbox = branded
    case = CASES[name]
    message = delivered(app, mailbox, case.function, *case.arguments)
    page = Page(mailbox.html_of(message))
    assert page.tags.isdisjoint(REMOTE_TAGS)
    assert page.images == [LOGO]
    assert page.styles and not any("url(" in (style or "") for style in page.styles)
    assert all(href and href.startswith("https://") for href in page.links)


def test_without_a_logo_or_links_the_html_has_no_image_and_shows_the_token(app, mailbox):
    message = delivered(app, mailbox, messages.verification_email, TOKEN)
    page = Page(mailbox.html_of(message))
    assert (page.images, page.links) == ([], [])
    assert "Send this token to POST /api/v1/auth/verify-email" in page.text
    assert TOKEN in page.text and mailbox.token_in(message) == TOKEN


def test_a_hostile_name_in_a_notice_is_text_in_the_html(client, create_account, mailbox, deliver):
    account = create_account()
    body = {"name": HOSTILE, "scopes": "widgets:read"}
    response = client.post("/api/v1/auth/tokens", json=body, headers=account.headers)
    assert response.status_code == 201, response.json
    deliver()
    (notice,) = [m for m in mailbox.messages if "personal access token" in mailbox.text_of(m)]
    page = Page(mailbox.html_of(notice))
    assert HOSTILE in page.text and page.images == []
    assert HOSTILE in mailbox.text_of(notice)  # the text part is not HTML: nothing to escape


def test_an_overriding_folder_wins_for_its_file_and_the_rest_fall_back(
    make_app, mailbox_for, tmp_path
):
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "password_reset.txt").write_text(OVERRIDE)
    app = make_app(TEMPLATES_FOLDER=str(tmp_path), **BRANDED)
    mailbox = mailbox_for(app)
    reset = delivered(app, mailbox, messages.password_reset_email, TOKEN)
    assert reset["Subject"] == "Acme Cloud: choose a new password"
    assert mailbox.text_of(reset).startswith(f"Choose it here: {link('PASSWORD_RESET_URL')}\n")
    assert "Someone, hopefully you" in Page(mailbox.html_of(reset)).text  # the packaged HTML
    verify = delivered(app, mailbox, messages.verification_email, TOKEN)
    assert mailbox.text_of(verify).startswith("Please confirm that this is your email address.")


def test_an_override_that_does_not_compile_stops_the_start(make_app, tmp_path):
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "verification.html").write_text("<p>{% if link %}{{ link }}</p>\n")
    with pytest.raises(
        ConfigError, match=r"^TEMPLATES_FOLDER: mail/verification.html, line 1: Unexpected end"
    ):
        make_app(TEMPLATES_FOLDER=str(tmp_path))


def test_an_override_that_cannot_render_keeps_a_composed_email_for_later(
    make_app, mailbox_for, tmp_path, caplog
):
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "password_reset.txt").write_text(
        "{% block subject %}{{ nope }}{% endblock %}"
    )
    app = make_app(TEMPLATES_FOLDER=str(tmp_path))
    mailbox = mailbox_for(app)
    account = account_in(app)
    app.test_client().post("/api/v1/auth/password-reset", json={"email": account.email})
    with app.app_context():
        assert deliver_due_messages() == (0, 1)
        (message,) = db.session.scalars(db.select(OutboxMessage))
        assert message.last_error == "UndefinedError: 'nope' is undefined"
    assert mailbox.messages == [] and "a mail template failed" in caplog.text


OVERRIDE = """{% extends "mail/layout.txt" %}
{% block subject %}{{ brand_name }}: choose a new password{% endblock %}
{% block body %}
Choose it here: {{ link }}
{% endblock %}
"""


def test_a_row_queued_by_the_previous_version_still_sends_as_text(app, mailbox, deliver):
    """Rows sealed before the HTML part existed hold a subject and a body only."""
    body = f"Send this token to POST /api/v1/auth/verify-email:\n{TOKEN}\n"
    with app.app_context():
        now = utc_now()
        sealed = seal({"subject": "Confirm your email address", "body": body})
        db.session.add(
            OutboxMessage(
                recipient="ada@example.com", sealed=sealed, created_at=now, next_attempt_at=now
            )
        )
        db.session.commit()
    assert deliver() == (1, 0)
    (message,) = mailbox.messages
    assert message.get_content_type() == "text/plain"
    assert (message["Subject"], mailbox.token_in(message)) == ("Confirm your email address", TOKEN)

"""Every security event that ends sessions (security_events.ENDS) ends the hosted session too,
with nothing of its own to remember: generated from the table, so a new event is covered."""

from collections.abc import Callable

import pytest
from flask import Flask
from support.hosted_pages import SITE, HostedClient

from app import db
from app.accounts import security_events
from app.accounts.security_events import ENDS, Pending, SecurityEvent
from app.models import User

ENDING_SESSIONS = [event for event, ended in ENDS.items() if Pending.SESSIONS in ended]


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app(PUBLIC_URL=SITE)


@pytest.mark.parametrize("event", ENDING_SESSIONS, ids=lambda event: event.name)
def test_the_event_signs_the_browser_out(app: Flask, create_account, event: SecurityEvent) -> None:
    account, site = create_account(), HostedClient(app.test_client())
    site.sign_in(account.email, account.password)
    assert site.get("/signed-in").status_code == 200
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(email=account.email))
        security_events.happened(user, event)
        db.session.commit()
    assert site.get("/signed-in").status_code == 303

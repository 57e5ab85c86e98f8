"""Every DomainError has an answer: a status in DOMAIN_STATUS (a subclass finds its nearest
mapped ancestor), a branch of its own in the error handler, or an endpoint that catches it."""

import importlib
import logging
import pkgutil
from collections.abc import Iterator
from http import HTTPStatus

import app
from app.api.errors import DOMAIN_STATUS, domain_status
from app.api.oidc.business import SignInRefused
from app.errors import (
    DomainError,
    InvalidField,
    MustWait,
    NotFound,
    TokenRefused,
)

# _domain_error answers these in branches of their own, as they need more than a status: the
# Bearer challenge, the field's name, Retry-After.
ANSWERED_BY_BRANCH = (TokenRefused, InvalidField, MustWait)
# Caught by the endpoints that raise them, which answer in another shape than the envelope, so
# they never reach the error handler.
CAUGHT_BY_ENDPOINT = (SignInRefused,)  # the OIDC routes redirect with #error= to the page


def subclasses(kind: type[DomainError]) -> Iterator[type[DomainError]]:
    for subclass in kind.__subclasses__():
        yield subclass
        yield from subclasses(subclass)


def test_every_domain_error_has_an_answer():
    for module in pkgutil.walk_packages(app.__path__, "app."):  # every module that may define one
        importlib.import_module(module.name)
    unanswered = [
        kind.__qualname__
        for kind in subclasses(DomainError)
        if kind.__module__.startswith("app.")  # not the ones this file defines below
        and domain_status(kind) is None
        and not issubclass(kind, ANSWERED_BY_BRANCH + CAUGHT_BY_ENDPOINT)
    ]
    assert unanswered == []


class Gone(NotFound):
    """A subclass without a row: it answers like NotFound."""


class Vanished(NotFound):
    """A subclass with a row of its own, after its parent's."""


class Unmapped(DomainError):
    """What a new error nobody mapped looks like."""


def find_widget_raising(monkeypatch, error):
    def find_widget(_name):
        raise error

    monkeypatch.setattr("app.api.widgets.business.find_widget", find_widget)


def test_a_subclass_answers_with_its_parent_s_status(client, create_account, monkeypatch):
    find_widget_raising(monkeypatch, Gone("No widget by that name."))
    response = client.get("/api/v1/widgets/probe", headers=create_account().headers)
    assert (response.status_code, response.json) == (
        404,
        {"status": "fail", "message": "No widget by that name."},
    )


def test_a_subclass_s_own_row_wins_over_its_parent_s(client, create_account, monkeypatch):
    monkeypatch.setitem(DOMAIN_STATUS, Vanished, HTTPStatus.GONE)  # after NotFound's row
    find_widget_raising(monkeypatch, Vanished("That widget is gone."))
    response = client.get("/api/v1/widgets/probe", headers=create_account().headers)
    assert (response.status_code, response.json["message"]) == (410, "That widget is gone.")


def test_an_unmapped_error_is_a_500_that_logs_it_not_a_failing_handler(
    client, create_account, monkeypatch, caplog
):
    find_widget_raising(monkeypatch, Unmapped("nobody mapped me"))
    with caplog.at_level(logging.ERROR):
        response = client.get("/api/v1/widgets/probe", headers=create_account().headers)
    assert (response.status_code, response.json["message"]) == (500, "Internal server error")
    logged = {record.exc_info[0] for record in caplog.records if record.exc_info}
    assert logged == {Unmapped}  # the error itself, not one the handler raised over it

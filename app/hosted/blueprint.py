"""hosted_bp, the blueprint of the hosted pages, and what every one of its answers gets: the
CSRF check of every POST (403 and nothing changed without the form's token), no control
character in any field (400), its headers
(app/hosted/headers.py), the CSRF cookie when new, and pages for its refusals."""

from http import HTTPStatus

from flask import Blueprint, request
from werkzeug.exceptions import TooManyRequests
from werkzeug.wrappers import Response

from app.api.control_characters import has_control_characters
from app.hosted.csrf import keep_new_secret, token_matches
from app.hosted.headers import add_page_headers
from app.hosted.pages import page

hosted_bp = Blueprint("hosted", __name__)
hosted_bp.after_request(keep_new_secret)
hosted_bp.after_request(add_page_headers)

FORGED = (
    "This form has expired or did not come from this site. Go back, reload the page and try again."
)
TOO_MANY = "Too many attempts. Please wait a minute and try again."


HOSTILE = "This form holds characters no address, password or code has. Please try again."


class ForgedForm(Exception):
    """A POST without this browser's CSRF token."""


class HostileInput(Exception):
    """A query or form field with a control character, which PostgreSQL could not even store:
    refused before anything reads it, as the API refuses it (app/api/control_characters.py)."""


@hosted_bp.before_request
def refuse_forged_forms() -> None:
    """Every POST carries the form's csrf_token, or nothing happens."""
    if request.method == "POST" and not token_matches(request.form.get("csrf_token")):
        raise ForgedForm()


@hosted_bp.before_request
def refuse_control_characters() -> None:
    """No field of a page or form holds a control character."""
    values = [*request.args.values(), *request.form.values()]
    if any(has_control_characters(value) for value in values):
        raise HostileInput()


@hosted_bp.errorhandler(HostileInput)
def hostile_input(_: HostileInput) -> Response:
    return page("error", HTTPStatus.BAD_REQUEST, message=HOSTILE)


@hosted_bp.errorhandler(ForgedForm)
def forged_form(_: ForgedForm) -> Response:
    return page("error", HTTPStatus.FORBIDDEN, message=FORGED)


@hosted_bp.errorhandler(TooManyRequests)
def too_many(_: TooManyRequests) -> Response:
    """A rate limit of the API's login, hit on a page: a page says so."""
    return page("error", HTTPStatus.TOO_MANY_REQUESTS, message=TOO_MANY)

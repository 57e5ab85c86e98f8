"""/signin: the sign-in page, and its password. A right one ends in complete_sign_in(), through
the API's own log_in, so the gates, throttles, audit and notices are the API login's; with
two-factor on, the second step follows (app/hosted/second_step_views.py)."""

from http import HTTPStatus

from flask import redirect, request
from werkzeug.wrappers import Response

from app.api.auth.business import log_in
from app.api.limits import rate_limit
from app.api.request_origin import request_origin
from app.errors import AccountDisabled, BadCredentials, MustWait
from app.hosted.blueprint import hosted_bp
from app.hosted.next_path import next_or_signed_in
from app.hosted.pages import page
from app.hosted.session import FRESH, signed_in
from app.hosted.steps import FIELD_LENGTH, field, next_path, onwards, refused


@hosted_bp.get("/signin", endpoint="signin_form")
def signin_form() -> Response:
    """The sign-in form; someone signed in goes straight on, unless prompt=login."""
    if request.args.get("prompt") != FRESH and signed_in() is not None:
        return redirect(next_or_signed_in(next_path()), HTTPStatus.SEE_OTHER)
    hint = (request.args.get("login_hint") or "")[:FIELD_LENGTH]
    return page("signin", next=next_path(), email=hint)


@hosted_bp.post("/signin", endpoint="signin")
@rate_limit("RATELIMIT_LOGIN")
def signin() -> Response:
    """The first step: email and password."""
    email, password = field("email"), field("password")
    try:
        if not email or not password:
            raise BadCredentials()
        outcome = log_in(email, password, request_origin())
    except (BadCredentials, AccountDisabled, MustWait) as error:
        return refused("signin", error, email=email)
    return onwards(outcome)

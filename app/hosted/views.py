"""hosted_bp: the sign-in pages at the site root. Each page holds one form, posting the fields
docs/API.md names; every sign-in ends in complete_sign_in() (through the API's own log_in and
finish_login), so its gates, throttles, audit and notices are the API login's.

Answers: a page (200), the same page with one error (400; 403 for a disabled account or a
form without its CSRF token; 429 while the address or client must wait), or a 303 onwards.
"""

from http import HTTPStatus
from urllib.parse import urlencode

from flask import Blueprint, redirect, request
from werkzeug.exceptions import TooManyRequests
from werkzeug.wrappers import Response

from app.accounts.sign_in import SecondStepNeeded, SignedIn, SignInOutcome
from app.api.auth.business import log_in
from app.api.limits import rate_limit
from app.api.mfa.business import finish_login, second_step_methods
from app.api.request_origin import request_origin
from app.errors import (
    AccountDisabled,
    BadCode,
    BadCredentials,
    DomainError,
    MustWait,
    SignInExpired,
)
from app.hosted import business
from app.hosted.cookies import SECOND_STEP, SESSION, clear_cookie, put_cookie, read_cookie
from app.hosted.csrf import keep_new_secret, token_matches
from app.hosted.headers import add_page_headers
from app.hosted.next_path import next_or_signed_in, safe_next
from app.hosted.pages import page
from app.hosted.session import FRESH, signed_in
from app.running import setting
from app.security import tokens
from app.security.tokens import TokenKind
from app.util.result import Fail

hosted_bp = Blueprint("hosted", __name__)
hosted_bp.after_request(keep_new_secret)
hosted_bp.after_request(add_page_headers)

WEB_METHODS = ("totp", "recovery_code")  # second factors a form without JavaScript can finish
FIELD_LENGTH = 1000
STATUS_OF = {AccountDisabled: HTTPStatus.FORBIDDEN, MustWait: HTTPStatus.TOO_MANY_REQUESTS}
GENERIC = str(BadCredentials()).capitalize() + "."


class ForgedForm(Exception):
    """A POST without this browser's CSRF token: changes nothing, answers 403."""


@hosted_bp.before_request
def refuse_forged_forms() -> None:
    """Every POST carries the form's csrf_token, or nothing happens."""
    if request.method == "POST" and not token_matches(request.form.get("csrf_token")):
        raise ForgedForm()


@hosted_bp.errorhandler(ForgedForm)
def forged_form(_: ForgedForm) -> Response:
    return page(
        "error",
        HTTPStatus.FORBIDDEN,
        message="This form has expired or did not come "
        "from this site. Go back, reload the page and try again.",
    )


@hosted_bp.errorhandler(TooManyRequests)
def too_many(_: TooManyRequests) -> Response:
    return page(
        "error",
        HTTPStatus.TOO_MANY_REQUESTS,
        message="Too many attempts. Please wait a minute and try again.",
    )


@hosted_bp.get("/signin", endpoint="signin_form")
def signin_form() -> Response:
    """The sign-in form; someone signed in goes straight on, unless a fresh sign-in is asked."""
    next_path = safe_next(request.args.get("next"))
    if request.args.get("prompt") != FRESH and signed_in() is not None:
        return redirect(next_or_signed_in(next_path), HTTPStatus.SEE_OTHER)
    return _signin_page(next_path)


@hosted_bp.post("/signin", endpoint="signin")
@rate_limit("RATELIMIT_LOGIN")
def signin() -> Response:
    """The first step: email and password."""
    next_path = safe_next(request.args.get("next"))
    email, password = _field("email"), _field("password")
    if not email or not password:
        return _signin_page(next_path, GENERIC, HTTPStatus.BAD_REQUEST, email)
    try:
        outcome = log_in(email, password, request_origin())
    except (BadCredentials, AccountDisabled, MustWait) as error:
        return _with_retry_after(
            _signin_page(next_path, _message(error), _status(error), email), error
        )
    return _onwards(outcome, next_path)


@hosted_bp.get("/signin/second-step", endpoint="second_step_form")
def second_step_form() -> Response:
    """The second step's form, while a sign-in waits for it."""
    next_path = safe_next(request.args.get("next"))
    try:
        methods = _web_methods(read_cookie(SECOND_STEP))
    except SignInExpired as error:
        return _signin_page(next_path, str(error), HTTPStatus.BAD_REQUEST)
    return page("second_step", methods=methods, next=next_path)


@hosted_bp.post("/signin/second-step", endpoint="second_step")
@rate_limit("RATELIMIT_LOGIN_MFA")
@rate_limit("RATELIMIT_LOGIN_MFA_PER_ACCOUNT", key_func=lambda: _second_step_account())
def second_step() -> Response:
    """The second step: a method and its code."""
    next_path = safe_next(request.args.get("next"))
    mfa_token, method, code = read_cookie(SECOND_STEP), _field("method"), _field("code")
    try:
        methods = _web_methods(mfa_token)
        if method not in methods or not code:
            raise BadCode()
        outcome = finish_login(mfa_token or "", method, code, None, request_origin())
    except BadCode as error:
        return page(
            "second_step", HTTPStatus.BAD_REQUEST, methods=methods, next=next_path, error=str(error)
        )
    except (SignInExpired, AccountDisabled, MustWait) as error:
        answer = _signin_page(next_path, str(error), _status(error))
        clear_cookie(answer, SECOND_STEP)
        return answer
    return _onwards(outcome, next_path)


@hosted_bp.get("/signed-in", endpoint="signed_in")
def signed_in_page() -> Response:
    """Who is signed in here, with the sign-out form."""
    hosted = signed_in()
    if hosted is None:
        return redirect("/signin", HTTPStatus.SEE_OTHER)
    return page("signed_in", email=hosted.user.email)


@hosted_bp.post("/signout", endpoint="signout")
def signout() -> Response:
    """End the hosted session and its login session."""
    if secret := read_cookie(SESSION):
        business.sign_out(secret, request_origin())
    answer = page("signed_out")
    clear_cookie(answer, SESSION)
    return answer


@hosted_bp.get("/signed-out", endpoint="signed_out")
def signed_out() -> Response:
    """The page after signing out."""
    return page("signed_out")


def _onwards(outcome: SignInOutcome, next_path: str | None) -> Response:
    """After a right step: the second step's page, or the cookie and on to `next_path`."""
    if isinstance(outcome, SecondStepNeeded):
        answer = redirect(_with_next("/signin/second-step", next_path), HTTPStatus.SEE_OTHER)
        put_cookie(answer, SECOND_STEP, outcome.mfa_token, setting("MFA_TOKEN_EXPIRE_SECONDS"))
        return answer
    assert isinstance(outcome, SignedIn)
    secret = business.hold_session(outcome.tokens.session_id, replacing=read_cookie(SESSION))
    answer = redirect(next_or_signed_in(next_path), HTTPStatus.SEE_OTHER)
    put_cookie(answer, SESSION, secret)
    clear_cookie(answer, SECOND_STEP)
    return answer


def _second_step_account() -> str:
    """The per-account limit's key, as the API's: the user of a verified mfa_token cookie."""
    result = tokens.decode(read_cookie(SECOND_STEP) or "", TokenKind.MFA)
    if isinstance(result, Fail):
        return f"mfa-address:{request.remote_addr}"
    return f"mfa-account:{result.value.public_id}"


def _signin_page(
    next_path: str | None, error: str | None = None, status: int = HTTPStatus.OK, email: str = ""
) -> Response:
    hint = email or (request.args.get("login_hint") or "")[:FIELD_LENGTH]
    return page("signin", status, next=next_path, email=hint, error=error)


def _web_methods(mfa_token: str | None) -> list[str]:
    """The factors the waiting sign-in may finish with on this page; SignInExpired if none."""
    methods = [m for m in second_step_methods(mfa_token or "") if m in WEB_METHODS]
    if not methods:
        raise SignInExpired()
    return methods


def _field(name: str) -> str:
    return request.form.get(name, "")[:FIELD_LENGTH].strip()


def _with_next(path: str, next_path: str | None) -> str:
    return f"{path}?{urlencode({'next': next_path})}" if next_path else path


def _with_retry_after(answer: Response, error: DomainError) -> Response:
    """A 429 says when to ask again, as the API's does."""
    if isinstance(error, MustWait):
        answer.headers["Retry-After"] = str(error.retry_after)
    return answer


def _message(error: DomainError) -> str:
    return GENERIC if isinstance(error, BadCredentials) else str(error)


def _status(error: DomainError) -> int:
    return next((s for kind, s in STATUS_OF.items() if isinstance(error, kind)), 400)

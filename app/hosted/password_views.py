"""/signin and /signin/second-step: a password, then the second factor the user has. Both end
in complete_sign_in(), through the API's own log_in and finish_login, so the gates, throttles,
audit and notices are the API login's."""

from http import HTTPStatus

from flask import redirect, request
from werkzeug.wrappers import Response

from app.api.auth.business import log_in
from app.api.limits import rate_limit
from app.api.mfa.business import finish_login, second_step_methods
from app.api.request_origin import request_origin
from app.errors import AccountDisabled, BadCode, BadCredentials, MustWait, SignInExpired
from app.hosted.blueprint import hosted_bp
from app.hosted.cookies import SECOND_STEP, clear_cookie, read_cookie
from app.hosted.next_path import next_or_signed_in
from app.hosted.pages import page
from app.hosted.session import FRESH, signed_in
from app.hosted.steps import FIELD_LENGTH, field, next_path, onwards, refused
from app.security import tokens
from app.security.tokens import TokenKind
from app.util.result import Fail

WEB_METHODS = ("totp", "recovery_code")  # second factors a form without JavaScript finishes


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


@hosted_bp.get("/signin/second-step", endpoint="second_step_form")
def second_step_form() -> Response:
    """The second step's form, while a sign-in waits for it."""
    try:
        methods = _web_methods(read_cookie(SECOND_STEP))
    except SignInExpired as error:
        return refused("signin", error, email="")
    return page("second_step", methods=methods, next=next_path())


@hosted_bp.post("/signin/second-step", endpoint="second_step")
@rate_limit("RATELIMIT_LOGIN_MFA")
@rate_limit("RATELIMIT_LOGIN_MFA_PER_ACCOUNT", key_func=lambda: _second_step_account())
def second_step() -> Response:
    """The second step: a method and its code."""
    mfa_token, method, code = read_cookie(SECOND_STEP) or "", field("method"), field("code")
    methods: list[str] = []
    try:
        methods = _web_methods(mfa_token)
        if method not in methods or not code:
            raise BadCode()
        outcome = finish_login(mfa_token, method, code, None, request_origin())
    except BadCode as error:
        return refused("second_step", error, methods=methods)
    except (SignInExpired, AccountDisabled, MustWait) as error:
        answer = refused("signin", error, email="")
        clear_cookie(answer, SECOND_STEP)
        return answer
    return onwards(outcome)


def _web_methods(mfa_token: str | None) -> list[str]:
    """The factors the waiting sign-in may finish with here; SignInExpired when none."""
    methods = [m for m in second_step_methods(mfa_token or "") if m in WEB_METHODS]
    if not methods:
        raise SignInExpired()
    return methods


def _second_step_account() -> str:
    """The per-account limit's key, as the API's: the user of a verified mfa_token cookie."""
    result = tokens.decode(read_cookie(SECOND_STEP) or "", TokenKind.MFA)
    if isinstance(result, Fail):
        return f"mfa-address:{request.remote_addr}"
    return f"mfa-account:{result.value.public_id}"

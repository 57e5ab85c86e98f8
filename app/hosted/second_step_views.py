"""/signin/second-step: the second factor of a sign-in whose first step was right, as the
factor registry offers it to the user (those a form finishes: an authenticator app, a code by
email, a recovery code). It ends in complete_sign_in() through the API's own finish_login, with
its attempts, throttles and audit; the waiting sign-in's mfa_token is in a cookie meanwhile."""

from http import HTTPStatus

from flask import redirect, request, url_for
from werkzeug.wrappers import Response

from app.accounts.factors import BY_NAME, EMAIL_CODES
from app.api.limits import rate_limit
from app.api.mfa.business import finish_login, second_step_methods, send_second_step_code
from app.api.request_origin import request_origin
from app.errors import AccountDisabled, BadCode, Conflict, MustWait, SignInExpired
from app.hosted.blueprint import hosted_bp
from app.hosted.cookies import SECOND_STEP, clear_cookie, read_cookie
from app.hosted.pages import page
from app.hosted.steps import field, next_path, onwards, refused
from app.security import tokens
from app.security.tokens import TokenKind
from app.util.result import Fail

WEB_METHODS = ("totp", "email", "recovery_code")  # what a form without JavaScript finishes


@hosted_bp.get("/signin/second-step", endpoint="second_step_form")
def second_step_form() -> Response:
    """The second step's form, while a sign-in waits for it."""
    try:
        methods = _web_methods()
    except SignInExpired as error:
        return _back_to_signin(error)
    return _page(methods, sent=request.args.get("sent") == "email")


@hosted_bp.post("/signin/second-step", endpoint="second_step")
@rate_limit("RATELIMIT_LOGIN_MFA")
@rate_limit("RATELIMIT_LOGIN_MFA_PER_ACCOUNT", key_func=lambda: _second_step_account())
def second_step() -> Response:
    """The second step: a method and its code."""
    method, code = field("method"), field("code")
    methods: list[str] = []
    try:
        methods = _web_methods()
        if method not in methods or not code:
            raise BadCode()
        outcome = finish_login(_mfa_token(), method, code, None, request_origin())
    except BadCode as error:
        return refused("second_step", error, methods=methods, labels=_labels(methods), sent=False)
    except (SignInExpired, AccountDisabled, MustWait) as error:
        return _back_to_signin(error)
    return onwards(outcome)


@hosted_bp.get("/signin/second-step/email", endpoint="second_step_email_form")
def second_step_email_form() -> Response:
    """The form that sends a code by email for the waiting sign-in."""
    return page("second_step_email", next=next_path())


@hosted_bp.post("/signin/second-step/email", endpoint="second_step_email")
@rate_limit("RATELIMIT_LOGIN_MFA")
@rate_limit("RATELIMIT_LOGIN_MFA_PER_ACCOUNT", key_func=lambda: _second_step_account())
def second_step_email() -> Response:
    """Send the code, then back to the second step's form."""
    try:
        send_second_step_code(_mfa_token(), EMAIL_CODES, request_origin())
    except (Conflict, MustWait) as error:
        return refused("second_step_email", error)
    except SignInExpired as error:
        return _back_to_signin(error)
    back = url_for("hosted.second_step_form", next=next_path(), sent="email")
    return redirect(back, HTTPStatus.SEE_OTHER)


def _page(methods: list[str], sent: bool) -> Response:
    return page(
        "second_step", methods=methods, labels=_labels(methods), sent=sent, next=next_path()
    )


def _labels(methods: list[str]) -> dict[str, str]:
    """What each method asks for, in the registry's words."""
    return {method: BY_NAME[method].prompt for method in methods}


def _mfa_token() -> str:
    return read_cookie(SECOND_STEP) or ""


def _web_methods() -> list[str]:
    """The factors the waiting sign-in may finish with here; SignInExpired when none."""
    methods = [m for m in second_step_methods(_mfa_token()) if m in WEB_METHODS]
    if not methods:
        raise SignInExpired()
    return methods


def _back_to_signin(error: SignInExpired | AccountDisabled | MustWait) -> Response:
    """The sign-in page with why; the waiting sign-in forgotten."""
    answer = refused("signin", error, email="")
    clear_cookie(answer, SECOND_STEP)
    return answer


def _second_step_account() -> str:
    """The per-account limit's key, as the API's: the user of a verified mfa_token cookie."""
    result = tokens.decode(_mfa_token(), TokenKind.MFA)
    if isinstance(result, Fail):
        return f"mfa-address:{request.remote_addr}"
    return f"mfa-account:{result.value.public_id}"

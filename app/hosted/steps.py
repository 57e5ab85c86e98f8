"""What the sign-in pages share: reading a field, the sign-in page with an error, the status
of each refusal, and where a right step leads (the second step, or the cookie and onwards)."""

from http import HTTPStatus
from urllib.parse import urlencode

from flask import redirect, request
from werkzeug.wrappers import Response

from app.accounts.sign_in import SecondStepNeeded, SignedIn, SignInOutcome
from app.errors import AccountDisabled, BadCredentials, DomainError, MustWait
from app.hosted import business
from app.hosted.cookies import SECOND_STEP, SESSION, clear_cookie, put_cookie, read_cookie
from app.hosted.next_path import next_or_signed_in, safe_next
from app.hosted.pages import page
from app.running import setting

FIELD_LENGTH = 1000
GENERIC = "Email or password does not match."  # unknown address or wrong password alike
STATUS_OF = {AccountDisabled: HTTPStatus.FORBIDDEN, MustWait: HTTPStatus.TOO_MANY_REQUESTS}


def field(name: str) -> str:
    """A posted field, trimmed; "" when absent."""
    return request.form.get(name, "")[:FIELD_LENGTH].strip()


def next_path() -> str | None:
    """Where the person goes once signed in (?next=), when it is a path on this site."""
    return safe_next(request.args.get("next"))


def with_next(path: str, target: str | None = None) -> str:
    """`path`, carrying `target` (default: this request's safe ?next=) on."""
    target = target or next_path()
    return f"{path}?{urlencode({'next': target})}" if target else path


def refused(template: str, error: DomainError, **variables: object) -> Response:
    """Page `template` again with the refusal's sentence, at its status; a 429 says when to
    ask again (Retry-After), as the API's does."""
    status = next(
        (s for kind, s in STATUS_OF.items() if isinstance(error, kind)), HTTPStatus.BAD_REQUEST
    )
    message = GENERIC if isinstance(error, BadCredentials) else str(error)
    answer = page(template, status, next=next_path(), error=message, **variables)
    if isinstance(error, MustWait):
        answer.headers["Retry-After"] = str(error.retry_after)
    return answer


def onwards(outcome: SignInOutcome, target: str | None = None) -> Response:
    """After a right step: on to the second step, or the session cookie and on to `target`
    (default: this request's ?next=)."""
    target = target or next_path()
    if isinstance(outcome, SecondStepNeeded):
        answer = redirect(with_next("/signin/second-step", target), HTTPStatus.SEE_OTHER)
        put_cookie(answer, SECOND_STEP, outcome.mfa_token, setting("MFA_TOKEN_EXPIRE_SECONDS"))
        return answer
    assert isinstance(outcome, SignedIn)
    secret = business.hold_session(outcome.tokens.session_id, replacing=read_cookie(SESSION))
    answer = redirect(next_or_signed_in(target), HTTPStatus.SEE_OTHER)
    put_cookie(answer, SESSION, secret)
    clear_cookie(answer, SECOND_STEP)
    return answer

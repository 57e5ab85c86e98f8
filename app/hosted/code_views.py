"""/signin/code: sign in with a code sent by email (the API's login-code flow): one page asks
for the address, the next for the code; a right code ends in complete_sign_in(), or in the
second step when two-factor is on."""

from http import HTTPStatus

from flask import redirect, request, url_for
from werkzeug.wrappers import Response

from app.api.limits import per_address, rate_limit
from app.api.login_codes import business as login_codes
from app.api.request_origin import request_origin
from app.errors import AccountDisabled, BadCode, MustWait, NoSecondFactorLeft
from app.hosted.blueprint import hosted_bp
from app.hosted.pages import page
from app.hosted.steps import FIELD_LENGTH, field, next_path, onwards, refused

ADDRESS_LENGTH = 320


@hosted_bp.get("/signin/code", endpoint="code_form")
def code_form() -> Response:
    """The form asking where to send a code."""
    return page("code_request", next=next_path(), email="")


@hosted_bp.post("/signin/code", endpoint="send_code")
@rate_limit("RATELIMIT_LOGIN_CODE")
@rate_limit("RATELIMIT_LOGIN_CODE_PER_ADDRESS", key_func=per_address("login-code-address"))
def send_code() -> Response:
    """Send a code (to an address with an account; every address is answered alike)."""
    email = field("email")[:ADDRESS_LENGTH]
    if email:
        login_codes.send_code(email, request_origin())
    entry = url_for("hosted.code_entry_form", email=email, next=next_path())
    return redirect(entry, HTTPStatus.SEE_OTHER)


@hosted_bp.get("/signin/code/enter", endpoint="code_entry_form")
def code_entry_form() -> Response:
    """The form for the code that was sent."""
    email = (request.args.get("email") or "")[:FIELD_LENGTH]
    return page("code_entry", next=next_path(), email=email)


@hosted_bp.post("/signin/code/enter", endpoint="code_sign_in")
@rate_limit("RATELIMIT_LOGIN")
def code_sign_in() -> Response:
    """Sign in with the emailed code."""
    email, code = field("email"), field("code")
    try:
        outcome = login_codes.log_in(email, code, request_origin())
    except (BadCode, AccountDisabled, MustWait, NoSecondFactorLeft) as error:
        return refused("code_entry", error, email=email)
    return onwards(outcome)

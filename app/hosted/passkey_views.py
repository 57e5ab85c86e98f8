"""POST /signin/passkey: the passkey button's answer. The page's script (app/static/
hosted-passkey.js) gets options from the API's passkey login (POST
/api/v1/auth/passkeys/login/options), asks the browser, and posts the credential here with the
form's csrf_token; the API's passkey log_in checks it and calls complete_sign_in()."""

from flask import request
from werkzeug.wrappers import Response

from app.api.input_fields import credential
from app.api.limits import rate_limit
from app.api.passkeys.business import log_in
from app.api.request_origin import request_origin
from app.errors import AccountDisabled, InvalidField, UnknownPasskey
from app.hosted.blueprint import hosted_bp
from app.hosted.steps import onwards, refused

NOT_A_PASSKEY = "That is not a passkey's answer: try again."


@hosted_bp.post("/signin/passkey", endpoint="passkey_sign_in")
@rate_limit("RATELIMIT_PASSKEY_LOGIN")
def passkey_sign_in() -> Response:
    """Sign in with a passkey's answer (a whole sign-in: no second step)."""
    try:
        answer = credential(request.form.get("credential", ""))
    except ValueError:
        return refused("signin", InvalidField("credential", NOT_A_PASSKEY), email="")
    try:
        outcome = log_in(answer, request_origin())
    except (InvalidField, UnknownPasskey, AccountDisabled) as error:
        return refused("signin", error, email="")
    return onwards(outcome)

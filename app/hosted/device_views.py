"""/device: a person enters the user code a device shows (RFC 8628, 3.3), signs in if need be,
allows the client what it asks (or not) as on /consent, and goes back to the device, which gets
its tokens on its next poll (app/api/idp/device_grant.py). Guesses are rate limited."""

from http import HTTPStatus
from urllib.parse import urlencode

from flask import redirect, request
from werkzeug.wrappers import Response

from app import db
from app.api.idp.authorize import Pending, needs_consent, remember_consent
from app.api.limits import rate_limit
from app.hosted.blueprint import hosted_bp
from app.hosted.pages import page
from app.hosted.session import HostedSignIn, signed_in, signin_url
from app.hosted.steps import field
from app.models import DeviceCode, OAuthClient
from app.models.device_code import Approval
from app.security.idp.clients import SCOPE_WORDS
from app.security.idp.user_codes import normalised, shown
from app.util.datetime_util import utc_now

WRONG_CODE = "That code is not right, or it has expired. Check the code your device shows."
CODE_LENGTH = 20  # XXXX-XXXX, with room for spaces a person types


@hosted_bp.get("/device", endpoint="device_form")
def device_form() -> Response:
    """The form for the code a device shows, filled in from ?user_code=; sign in first."""
    typed = (request.args.get("user_code") or "")[:CODE_LENGTH]
    if signed_in() is None:
        return _sign_in_first(typed)
    return page("device", user_code=typed)


@hosted_bp.post("/device", endpoint="device_code")
@rate_limit("RATELIMIT_DEVICE_USER_CODE")
def enter_code() -> Response:
    """A code: what its client asks, to allow or deny; straight to the end when the client is
    ours or was allowed it before."""
    found = _posted_code()
    if isinstance(found, Response):
        return found
    row, asked, hosted = found
    if needs_consent(asked):
        return page(
            "device_consent",
            client_name=asked.client.name,
            email=hosted.user.email,
            scope_words=[SCOPE_WORDS.get(name, name) for name in asked.scopes],
            user_code=shown(row.user_code),
        )
    return _decided(row, hosted, allowed=True)


@hosted_bp.post("/device/consent", endpoint="device_consent")
@rate_limit("RATELIMIT_DEVICE_USER_CODE")
def device_consent() -> Response:
    """The person's decision on the code: `decision` allow, or anything else for deny."""
    found = _posted_code()
    if isinstance(found, Response):
        return found
    row, asked, hosted = found
    allowed = request.form.get("decision") == "allow"
    if allowed:
        remember_consent(asked)
    return _decided(row, hosted, allowed=allowed)


def _posted_code() -> tuple[DeviceCode, Pending, HostedSignIn] | Response:
    """The form's user_code as _pending finds it, and who is signed in; else the answer (sign
    in first, or the form again)."""
    typed = field("user_code")[:CODE_LENGTH]
    hosted = signed_in()
    if hosted is None:
        return _sign_in_first(typed)
    pending = _pending(typed, hosted)
    return pending if isinstance(pending, Response) else (*pending, hosted)


def _pending(typed: str, hosted: HostedSignIn) -> tuple[DeviceCode, Pending] | Response:
    """The undecided device code of what the person typed, and what its client asks; the form
    again with an error when there is none."""
    user_code = normalised(typed)
    row = DeviceCode.undecided(user_code, utc_now()) if user_code else None
    client = OAuthClient.find(row.client_id) if row else None
    if row is None or client is None:
        return page("device", HTTPStatus.BAD_REQUEST, user_code=typed, error=WRONG_CODE)
    return row, Pending(None, client, hosted, row.scope.split(), set())


def _decided(row: DeviceCode, hosted: HostedSignIn, *, allowed: bool) -> Response:
    """Record the decision, once; the page that sends the person back to the device."""
    approval = Approval(hosted.user.id, hosted.auth_time, list(hosted.amr), hosted.session_id)
    if not DeviceCode.decide(row.code_hash, utc_now(), approval if allowed else None):
        db.session.rollback()  # decided in another tab meanwhile, or just expired
        return page("device", HTTPStatus.BAD_REQUEST, user_code="", error=WRONG_CODE)
    db.session.commit()
    return page("device_done", allowed=allowed)


def _sign_in_first(typed: str) -> Response:
    """The sign-in page, which comes back here with the code filled in."""
    back = f"/device?{urlencode({'user_code': typed})}" if typed else "/device"
    return redirect(signin_url(back), HTTPStatus.SEE_OTHER)

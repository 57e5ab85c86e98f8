"""Two-factor authentication: turn a factor on (in two steps) or off, renew recovery codes;
finish a two-step login; prove who you are again for a sensitive change (step-up). Which
factors exist is the registry's business (app/accounts/factors): nothing here names one.

Each function commits once; a notice email goes out with every change to how the user signs in.
"""

from typing import Any

from app import db
from app.accounts import login_throttle, passkey_answers, reauthentication, two_factor
from app.accounts.factors import (
    Answer,
    CodeSendingFactor,
    EnrollingFactor,
    SecondFactor,
    recovery_codes,
)
from app.accounts.sensitive import Operation, changed
from app.accounts.sessions import PASSWORD_ONLY, IssuedTokens, reauthenticate_session
from app.accounts.sign_in import SignInOutcome, complete_sign_in
from app.errors import BadCode, Conflict, InvalidField, NotFound, SignInExpired
from app.models import LoginSession, MfaChallenge, Passkey, User
from app.ops import audit
from app.ops.audit import AuditEvent
from app.ops.origin import Origin
from app.security import tokens
from app.security.tokens import TokenKind
from app.util.datetime_util import utc_now
from app.util.result import Fail

NOT_ON = "That second factor is not on."
NO_PASSKEY = "This account has no passkey: finish with a code."


def start_enrolment(user: User, factor: EnrollingFactor, origin: Origin) -> dict[str, str]:
    """Begin turning `factor` on; returns what the client needs to see."""
    if factor.is_set_up(user):
        raise Conflict(factor.already_on)
    started = factor.start_enrolment(user)
    changed(user, origin, Operation.FACTOR_ENROLMENT, method=factor.name)
    db.session.commit()
    return started


def confirm_enrolment(user: User, factor: EnrollingFactor, code: str, origin: Origin) -> list[str]:
    """Turn `factor` on with a code that proves it reached the user; returns the ten recovery
    codes to show once when it is the first factor (none otherwise). With no enrolment
    pending (none started, or on already) no code is valid."""
    if not factor.confirm_enrolment(user, code):
        raise InvalidField("code", reauthentication.CODE_INVALID)
    codes = two_factor.turned_on(user)
    changed(user, origin, Operation.FACTOR_CONFIRMATION, method=factor.name)
    db.session.commit()
    return codes


def turn_off(user: User, factor: SecondFactor, origin: Origin) -> None:
    """Take `factor` off; two-factor stays on while another factor is. An admin held to
    two-factor (REQUIRE_MFA_FOR_ADMINS) keeps a last one: Conflict."""
    if not factor.is_set_up(user):
        raise Conflict(NOT_ON)
    two_factor.refuse_removing_last(user, factor)
    two_factor.turn_off(user, factor)
    changed(user, origin, Operation.FACTOR_REMOVAL, method=factor.name)
    db.session.commit()


def turn_off_with_code(
    user: User, factor: SecondFactor, password: str, code: str, origin: Origin
) -> None:
    """Take `factor` off, with the password and a code (or a recovery code)."""
    reauthentication.confirm_password(user, password, origin)
    reauthentication.confirm_code(user, code, origin)
    turn_off(user, factor, origin)


def renew_recovery_codes(user: User, code: str, origin: Origin) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    reauthentication.confirm_code(user, code, origin)
    codes = recovery_codes.replace(user)
    changed(user, origin, Operation.RECOVERY_CODES)
    db.session.commit()
    return codes


def passkey_options(mfa_token: str) -> dict[str, Any]:
    """Request options for the second step with a passkey: the login's user's passkeys only."""
    _, user = _open_login(mfa_token)
    if not Passkey.of(user.id):
        raise Conflict(NO_PASSKEY)
    return passkey_answers.request_options("mfa", user.id)


def send_second_step_code(mfa_token: str, factor: CodeSendingFactor, origin: Origin) -> None:
    """Send a code of `factor` for the waiting login an mfa_token names, good for that login
    only; Conflict when the login may not finish with it."""
    challenge, user = _open_login(mfa_token)
    if not (factor.is_set_up(user) and factor.offered_after(challenge.first_factor)):
        raise Conflict(NOT_ON)
    factor.send(user, challenge.jti)
    audit.record(AuditEvent.MFA_CODE_SENT, origin, subject=user, method=factor.name)
    db.session.commit()


def send_step_up_code(user: User, factor: CodeSendingFactor, origin: Origin) -> None:
    """Send a code of `factor` for proving who you are again (POST /auth/reauthenticate)."""
    if not factor.is_set_up(user):
        raise Conflict(NOT_ON)
    factor.send(user, None)
    audit.record(AuditEvent.MFA_CODE_SENT, origin, actor=user, subject=user, method=factor.name)
    db.session.commit()


def finish_login(
    mfa_token: str,
    method: str | None,
    code: str | None,
    credential: dict[str, Any] | None,
    origin: Origin,
) -> SignInOutcome:
    """The second step of a login, answered by `method` (default: a passkey for a credential,
    else as the code's shape says): signed in, with the scope the first step asked for, when
    it is right. Each answer takes one of the mfa_token's five attempts before it is checked,
    so racing answers never get more than five checked."""
    challenge, user = _open_login(mfa_token)
    if not MfaChallenge.take_attempt(challenge.jti, utc_now(), two_factor.MAX_FAILURES):
        db.session.rollback()
        raise SignInExpired()  # a racing answer took the last attempt, or finished it
    method = method or ("passkey" if credential else two_factor.default_method(code or ""))
    answer = Answer(origin, code, credential, challenge.jti)
    second = two_factor.check(user, method, answer, challenge.first_factor)
    if second is None:
        audit.record(AuditEvent.MFA_FAILED, origin, subject=user, method=method)
        db.session.commit()
        raise BadCode()
    if not MfaChallenge.close(challenge.jti, utc_now()):
        db.session.rollback()  # a racing answer finished it first
        raise SignInExpired()
    if method == "recovery_code":
        audit.record(AuditEvent.RECOVERY_CODE_USED, origin, actor=user, subject=user)
    amr = tuple(dict.fromkeys((challenge.first_factor, *second)))  # an emailed code, then TOTP
    return complete_sign_in(user, origin, amr, challenge.scope.split(), method=method)


def second_step_methods(mfa_token: str) -> list[str]:
    """The factors the waiting login an mfa_token names may finish with; SignInExpired when
    it is over (the hosted sign-in pages ask, to show the choice)."""
    challenge, user = _open_login(mfa_token)
    return two_factor.methods_of(user, challenge.first_factor)


def _open_login(mfa_token: str) -> tuple[MfaChallenge, User]:
    """The waiting login an mfa_token names, and its user; SignInExpired when it is over."""
    result = tokens.decode(mfa_token, TokenKind.MFA)
    challenge = None
    if not isinstance(result, Fail):
        challenge = MfaChallenge.find_open(result.value.jti, utc_now(), two_factor.MAX_FAILURES)
    user = db.session.get(User, challenge.user_id) if challenge else None
    if challenge is None or user is None or user.disabled:
        raise SignInExpired()
    return challenge, user


def reauthenticate(
    user: User,
    session_id: str,
    password: str,
    code: str | None,
    method: str | None,
    origin: Origin,
) -> IssuedTokens:
    """Prove who you are again in this session (step-up): a new pair with a fresh auth_time,
    the session's refresh token spent. Guarded like a login (app/accounts/reauthentication.py)."""
    session = LoginSession.find_live(session_id, user.id, utc_now())
    if session is None:
        raise NotFound("This session has ended.")
    reauthentication.confirm_password(user, password, origin)
    amr: tuple[str, ...] = PASSWORD_ONLY
    if user.mfa_enabled:
        amr = (*PASSWORD_ONLY, *reauthentication.confirm_code(user, code, origin, method))
    login_throttle.clear(user.email)
    issued = reauthenticate_session(user, session, amr)
    audit.record(AuditEvent.REAUTHENTICATED, origin, actor=user, subject=user, session=session_id)
    db.session.commit()
    return issued

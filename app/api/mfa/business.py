"""Two-factor authentication: turn it on with an app and a code, off, renew recovery codes;
finish a two-step login; prove who you are again for a sensitive change (step-up).

Each function commits once; a notice email goes out with every change to how the user signs in.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app import db
from app.accounts import login_throttle, passkey_answers, reauthentication, two_factor
from app.accounts.sensitive import Operation, changed
from app.accounts.sessions import PASSWORD_ONLY, IssuedTokens, reauthenticate_session
from app.accounts.sign_in import SignInOutcome, complete_sign_in
from app.errors import BadCode, Conflict, InvalidField, NotFound, SignInExpired, UnknownPasskey
from app.models import LoginSession, MfaChallenge, Passkey, TotpFactor, User
from app.ops import audit
from app.ops.audit import AuditEvent
from app.ops.origin import Origin
from app.running import setting
from app.security import tokens, totp
from app.security.passkeys import PasskeyRefused
from app.security.sealing import seal
from app.security.tokens import TokenKind
from app.util.datetime_util import utc_now
from app.util.result import Fail

ALREADY_ON = "Two-factor authentication is already on."
NO_PASSKEY = "This account has no passkey: finish with a code."


@dataclass(frozen=True)
class Enrolment:
    """What an authenticator app needs: the secret, and the URI that carries it."""

    secret: str
    otpauth_uri: str


def start_enrolment(user: User, origin: Origin) -> Enrolment:
    """A new secret for the user's app; it counts once a code from the app confirms it."""
    if user.mfa_enabled:
        raise Conflict(ALREADY_ON)
    secret = totp.new_secret()
    factor = db.session.get(TotpFactor, user.id) or TotpFactor(user_id=user.id)
    factor.sealed_secret, factor.created_at = seal({"secret": secret}), utc_now()
    factor.confirmed_at = factor.last_step = None
    db.session.add(factor)
    changed(user, origin, Operation.TOTP_ENROLMENT)
    db.session.commit()
    return Enrolment(secret, totp.provisioning_uri(secret, user.email, setting("MFA_ISSUER")))


def confirm_enrolment(user: User, code: str, origin: Origin) -> list[str]:
    """Turn two-factor on with a code from the app; returns the ten recovery codes, shown once.
    With no enrolment pending (none started, or two-factor on already) no code is valid."""
    factor = db.session.get(TotpFactor, user.id)
    if factor is None or factor.confirmed_at is not None or not two_factor.check_totp(factor, code):
        raise InvalidField("code", reauthentication.CODE_INVALID)
    factor.confirmed_at, user.mfa_enabled = utc_now(), True
    codes = two_factor.replace_recovery_codes(user)
    changed(user, origin, Operation.TOTP_CONFIRMATION)
    db.session.commit()
    return codes


def turn_off(user: User, password: str, code: str, origin: Origin) -> None:
    """Turn two-factor off, with the password and a code (or a recovery code)."""
    reauthentication.confirm_password(user, password, origin)
    reauthentication.confirm_code(user, code, origin)
    two_factor.turn_off(user)
    changed(user, origin, Operation.TOTP_REMOVAL)
    db.session.commit()


def renew_recovery_codes(user: User, code: str, origin: Origin) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    reauthentication.confirm_code(user, code, origin)
    codes = two_factor.replace_recovery_codes(user)
    changed(user, origin, Operation.RECOVERY_CODES)
    db.session.commit()
    return codes


def passkey_options(mfa_token: str) -> dict[str, Any]:
    """Request options for the second step with a passkey: the login's user's passkeys only."""
    _, user = _open_login(mfa_token)
    if not Passkey.of(user.id):
        raise Conflict(NO_PASSKEY)
    return passkey_answers.request_options("mfa", user.id)


def finish_login(
    mfa_token: str, code: str | None, credential: dict[str, Any] | None, origin: Origin
) -> SignInOutcome:
    """The second step of a login, with a code or a passkey's answer: signed in, with the scope
    the first step asked for, when it is right. Each answer takes one of the mfa_token's five
    attempts before it is checked, so racing answers never get more than five checked."""
    challenge, user = _open_login(mfa_token)
    if not MfaChallenge.take_attempt(challenge.jti, utc_now(), two_factor.MAX_FAILURES):
        db.session.rollback()
        raise SignInExpired()  # a racing answer took the last attempt, or finished it
    second, method = _second_factor(user, code, credential, origin)
    if second is None:
        audit.record(AuditEvent.MFA_FAILED, origin, subject=user)
        db.session.commit()
        raise BadCode()
    if not MfaChallenge.close(challenge.jti, utc_now()):
        db.session.rollback()  # a racing answer finished it first
        raise SignInExpired()
    if method == "recovery_code":
        audit.record(AuditEvent.RECOVERY_CODE_USED, origin, actor=user, subject=user)
    amr = (challenge.first_factor, *second)
    return complete_sign_in(user, origin, amr, challenge.scope.split(), method=method)


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


def _second_factor(
    user: User, code: str | None, credential: dict[str, Any] | None, origin: Origin
) -> tuple[Sequence[str] | None, str]:
    """The amr a code or a passkey's answer adds for `user` (None if it proves nothing), and
    the method's name."""
    if credential is None:
        method = two_factor.check_code(user, code or "")
        if method is None:
            return None, "code"
        return method.value, method.name.lower()
    try:
        passkey = passkey_answers.checked_answer(credential, "mfa", origin, user.id)
    except (PasskeyRefused, UnknownPasskey):
        return None, "passkey"
    return (passkey_answers.key_kind(passkey), "mfa"), "passkey"


def reauthenticate(
    user: User, session_id: str, password: str, code: str | None, origin: Origin
) -> IssuedTokens:
    """Prove who you are again in this session (step-up): a new pair with a fresh auth_time,
    the session's refresh token spent. Guarded like a login (app/accounts/reauthentication.py)."""
    session = LoginSession.find_live(session_id, user.id, utc_now())
    if session is None:
        raise NotFound("This session has ended.")
    reauthentication.confirm_password(user, password, origin)
    amr: tuple[str, ...] = PASSWORD_ONLY
    if user.mfa_enabled:
        amr = (*PASSWORD_ONLY, *reauthentication.confirm_code(user, code, origin).value)
    login_throttle.clear(user.email)
    issued = reauthenticate_session(user, session, amr)
    audit.record(AuditEvent.REAUTHENTICATED, origin, actor=user, subject=user, session=session_id)
    db.session.commit()
    return issued

"""Two-factor authentication as every use case needs it: check a code, start and end the
second step of a login, turn it off. Steps of a caller's transaction: nothing here commits.

A code is the current TOTP of the user's app (accepted once) or one unused recovery code.
"""

from collections.abc import Collection
from enum import Enum

from app import db
from app.accounts import security_events
from app.accounts.security_events import SecurityEvent
from app.models import MfaChallenge, Passkey, RecoveryCode, TotpFactor, User
from app.security import tokens, totp
from app.security.permissions import scope_text
from app.security.sealing import unseal
from app.util.datetime_util import utc_now

MAX_FAILURES = 5  # wrong codes that end an mfa_token


def methods_of(user: User) -> list[str]:
    """The second factors `user` may finish a login with."""
    return ["totp", "recovery_code"] + (["passkey"] if Passkey.of(user.id) else [])


class Method(Enum):
    """How a second factor was proved; the amr values it adds to the first's (RFC 8176)."""

    TOTP = ("otp", "mfa")
    RECOVERY_CODE = ("mfa",)


def check_code(user: User, code: str) -> Method | None:
    """The method `code` proves for `user`, spending it; None when it is not valid now."""
    factor = db.session.get(TotpFactor, user.id)
    if factor is None or factor.confirmed_at is None:
        return None
    if totp.is_totp_code(code):
        return Method.TOTP if check_totp(factor, code) else None
    if RecoveryCode.use(user.id, totp.recovery_code_hash(code), utc_now()):
        return Method.RECOVERY_CODE
    return None


def check_totp(factor: TotpFactor, code: str) -> bool:
    """True for a code of the factor's app within the drift window, not accepted before."""
    secret = unseal(factor.sealed_secret)["secret"]
    step = totp.matching_step(secret, code, utc_now())
    return step is not None and TotpFactor.claim_step(factor.user_id, step)


def replace_recovery_codes(user: User) -> list[str]:
    """Ten new recovery codes for `user`, stored as hashes; every earlier one stops working."""
    RecoveryCode.forget_all_of(user.id)
    codes = totp.new_recovery_codes()
    db.session.add_all(
        RecoveryCode(user_id=user.id, code_hash=totp.recovery_code_hash(code)) for code in codes
    )
    return codes


def start_challenge(user: User, first_factor: str, scope: Collection[str]) -> str:
    """A stored second step for a login whose first step (a password, or a provider: amr
    `fed`) was right, and the scope it asked for; returns its mfa_token."""
    issued = tokens.issue_mfa_token(user.public_id)
    expires_at = issued.claims.expires_at
    db.session.add(
        MfaChallenge(
            jti=issued.claims.jti,
            user_id=user.id,
            expires_at=expires_at,
            first_factor=first_factor,
            scope=scope_text(scope),
        )
    )
    return issued.token


def turn_off(user: User) -> None:
    """Forget the user's app; the password alone signs in again. Its recovery codes and open
    second steps end with the security event (security_events.TWO_FACTOR_OFF)."""
    factor = db.session.get(TotpFactor, user.id)
    if factor is not None:
        db.session.delete(factor)
    user.mfa_enabled = False
    security_events.happened(user, SecurityEvent.TWO_FACTOR_OFF)

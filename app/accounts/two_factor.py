"""Two-factor authentication as every use case needs it, asking the registry of factors
(app/accounts/factors) rather than knowing any: which factors a user has, what to ask for,
checking an answer, starting the second step of a login, turning a factor on or off. Steps of a
caller's transaction: nothing here commits.
"""

from collections.abc import Collection, Sequence

from app import db
from app.accounts import security_events
from app.accounts.factors import BY_NAME, FACTORS, Answer, SecondFactor, recovery_codes
from app.accounts.security_events import SecurityEvent
from app.errors import Conflict
from app.models import MfaChallenge, User
from app.running import setting
from app.security import tokens, totp
from app.security.permissions import OTHER_PEOPLES_DATA, permissions_of, scope_text

MAX_FAILURES = 5  # wrong answers that end an mfa_token
LAST_FACTOR = "Keep a second factor on while you are an admin: turn another one on first."


def methods_of(user: User, first_factor: str = "pwd") -> list[str]:
    """The factors `user` may finish a sign-in with, after a first step of amr `first_factor`."""
    return [f.name for f in FACTORS if f.offered_after(first_factor) and f.is_set_up(user)]


def prompt_for(methods: Sequence[str]) -> str:
    """What to ask for, first method first: "Enter the code from your authenticator app." """
    return f"Enter {', or '.join(BY_NAME[method].prompt for method in methods)}."


def default_method(code: str) -> str:
    """The method a code names when the client does not: six digits are the app's, as before
    there was more than one factor; anything else a recovery code."""
    return "totp" if totp.is_totp_code(code) else "recovery_code"


def check(
    user: User, method: str, answer: Answer, first_factor: str = "pwd"
) -> tuple[str, ...] | None:
    """The amr `answer` proves by `method` for `user`, spending it; None when that factor is
    unknown, not set up, not offered after `first_factor`, or the answer is wrong."""
    factor = BY_NAME.get(method)
    if factor is None or not factor.offered_after(first_factor) or not factor.is_set_up(user):
        return None
    return factor.verify(user, answer)


def is_on(user: User) -> bool:
    return any(factor.turns_two_factor_on and factor.is_set_up(user) for factor in FACTORS)


def turned_on(user: User) -> list[str]:
    """After a factor was confirmed: two-factor is on, and the first factor brings ten
    recovery codes (returned, to be shown once; none for a later factor)."""
    first = not user.mfa_enabled
    user.mfa_enabled = True
    return recovery_codes.replace(user) if first else []


def turn_off(user: User, factor: SecondFactor | None = None) -> None:
    """Take `factor` (or every factor) off the account. With no factor left that turns
    two-factor on, it is off: the password alone signs in again, and its recovery codes and
    open second steps end (security_events.TWO_FACTOR_OFF)."""
    for each in (factor,) if factor else FACTORS:
        each.forget(user)
    user.mfa_enabled = is_on(user)
    if not user.mfa_enabled:
        security_events.happened(user, SecurityEvent.TWO_FACTOR_OFF)


def refuse_removing_last(user: User, factor: SecondFactor | None = None) -> None:
    """Conflict when taking `factor` (or every factor) off would leave an admin without
    two-factor while REQUIRE_MFA_FOR_ADMINS holds admins to it: they would lock themselves
    out of admin routes."""
    if (
        not setting("REQUIRE_MFA_FOR_ADMINS")
        or not permissions_of(user.role_names) & OTHER_PEOPLES_DATA
    ):
        return
    others = (f for f in FACTORS if factor and f is not factor and f.turns_two_factor_on)
    if not any(other.is_set_up(user) for other in others):
        raise Conflict(LAST_FACTOR)


def start_challenge(user: User, first_factor: str, scope: Collection[str]) -> str:
    """A stored second step for a login whose first step (a password, a provider: amr `fed`,
    an emailed code: `otp`) was right, and the scope it asked for; returns its mfa_token."""
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

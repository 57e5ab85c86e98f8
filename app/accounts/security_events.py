"""Security events and what each one ends: the one table of docs/SECURITY.md.

An event that changes how an account is reached (a new password, logout-all, a new address,
two-factor off, a disabled or deleted account) must end whatever was started before it and
could outlive it: a pending email change confirmed after a reset would hand the account back
to whoever asked for it. Every such event calls `happened()`, and a new kind of pending token
is one more `Pending` member, one ender and its place in ENDS;
test/accounts/test_security_events.py crosses every event with every kind and proves each ended
one refused over HTTP.

Steps of a caller's transaction: nothing here commits.
"""

from collections.abc import Callable
from datetime import datetime
from enum import Enum

from sqlalchemy import select

from app import db
from app.models import (
    AuthorizationCode,
    DeviceCode,
    EmailCode,
    LoginSession,
    MfaChallenge,
    OidcSignInCode,
    OidcState,
    PersonalToken,
    RecoveryCode,
    User,
)
from app.util.datetime_util import utc_now


class SecurityEvent(Enum):
    PASSWORD_CHANGED = "password changed, or reset through the email link"
    LOGOUT_ALL = "logout-all, the user's own or an admin's"
    EMAIL_CHANGED = "email change confirmed"
    TWO_FACTOR_OFF = "two-factor turned off, or reset by an admin"
    ACCOUNT_DISABLED = "account disabled"
    ACCOUNT_DELETED = "account deleted"


class Pending(Enum):
    """What a user may hold that outlives the moment it was issued."""

    SESSIONS = "sessions: refresh tokens and their access tokens"
    PERSONAL_TOKENS = "personal access tokens"
    EMAIL_CHANGE = "a pending email change's confirmation link"
    RESET_LINKS = "password reset links"
    VERIFICATION_LINKS = "email verification links"
    MFA_TOKENS = "open mfa_tokens: logins waiting for their second step"
    OIDC_CODES = "unexchanged one-time codes of a provider sign-in"
    PROVIDER_LINKS = "unfinished trips to a provider that would link an identity"
    RECOVERY_CODES = "two-factor recovery codes"
    EMAILED_CODES = "codes sent by email: to sign in, finish a sign-in or confirm it is you"
    AUTHORIZATION_CODES = "unexchanged authorization codes the identity provider gave a client"
    DEVICE_CODES = "device codes the user allowed a client (RFC 8628), not exchanged yet"


def _end_sessions(user: User) -> None:
    """Every access and refresh token issued until now, on every instance: the cut-off is read
    with each token check."""
    now = utc_now()
    user.tokens_valid_after = now
    LoginSession.revoke_all_of(user.id, now)


def _end_verification_links(user: User) -> None:
    """The same cut-off: verify_email refuses a link issued before it. (A link also proves its
    address only while the account has it, so a move refuses every older one anyway.)"""
    user.tokens_valid_after = utc_now()


def _end_personal_tokens(user: User) -> None:
    PersonalToken.revoke_all_of(user.id, utc_now())


def _end_email_change(user: User) -> None:
    user.email_change_jti = None  # only the jti the row keeps may be confirmed


def _end_reset_links(user: User) -> None:
    user.reset_jti = None  # likewise for reset links


def _end_mfa_tokens(user: User) -> None:
    MfaChallenge.spend_all_of(user.id, utc_now())


def _end_oidc_codes(user: User) -> None:
    OidcSignInCode.spend_all_of(user.id, utc_now())


def _end_provider_links(user: User) -> None:
    OidcState.abandon_links_of(user.id, utc_now())


def _end_recovery_codes(user: User) -> None:
    RecoveryCode.forget_all_of(user.id)


def _end_emailed_codes(user: User) -> None:
    EmailCode.forget_all_of(user.id)


def _end_authorization_codes(user: User) -> None:
    AuthorizationCode.spend_all_of(user.id, utc_now())


def _end_device_codes(user: User) -> None:
    DeviceCode.spend_all_of(user.id, utc_now())


ENDERS: dict[Pending, Callable[[User], None]] = {
    Pending.SESSIONS: _end_sessions,
    Pending.PERSONAL_TOKENS: _end_personal_tokens,
    Pending.EMAIL_CHANGE: _end_email_change,
    Pending.RESET_LINKS: _end_reset_links,
    Pending.VERIFICATION_LINKS: _end_verification_links,
    Pending.MFA_TOKENS: _end_mfa_tokens,
    Pending.OIDC_CODES: _end_oidc_codes,
    Pending.PROVIDER_LINKS: _end_provider_links,
    Pending.RECOVERY_CODES: _end_recovery_codes,
    Pending.EMAILED_CODES: _end_emailed_codes,
    Pending.AUTHORIZATION_CODES: _end_authorization_codes,
    Pending.DEVICE_CODES: _end_device_codes,
}

# A session, a personal token, a pending change or link, a second step, a provider trip or a
# code by email started before the event, by whoever held a way in (or the address) then.
_WHAT_A_SIGN_IN_LEFT = {
    Pending.AUTHORIZATION_CODES,
    Pending.DEVICE_CODES,
    Pending.EMAILED_CODES,
    Pending.SESSIONS,
    Pending.PERSONAL_TOKENS,
    Pending.EMAIL_CHANGE,
    Pending.MFA_TOKENS,
    Pending.OIDC_CODES,
    Pending.PROVIDER_LINKS,
}
ENDS: dict[SecurityEvent, frozenset[Pending]] = {
    # The caller of a password change gets a new session after this: "every other session".
    SecurityEvent.PASSWORD_CHANGED: frozenset(_WHAT_A_SIGN_IN_LEFT | {Pending.RESET_LINKS}),
    SecurityEvent.LOGOUT_ALL: frozenset(_WHAT_A_SIGN_IN_LEFT),
    # What the old address could do, and what a sign-in before the move left.
    SecurityEvent.EMAIL_CHANGED: frozenset(
        _WHAT_A_SIGN_IN_LEFT - {Pending.EMAIL_CHANGE}
        | {Pending.RESET_LINKS, Pending.VERIFICATION_LINKS}
    ),
    SecurityEvent.TWO_FACTOR_OFF: frozenset(
        {Pending.MFA_TOKENS, Pending.RECOVERY_CODES, Pending.EMAILED_CODES}
    ),
    SecurityEvent.ACCOUNT_DISABLED: frozenset(Pending),
    SecurityEvent.ACCOUNT_DELETED: frozenset(Pending),
}


def happened(user: User, event: SecurityEvent) -> None:
    """End, for `user`, everything the event must end (ENDS), the user's row locked first."""
    User.lock(user.id)
    for pending in ENDS[event]:
        ENDERS[pending](user)


def held_since(user_id: int, cut_off_seen: datetime | None) -> bool:
    """Lock the user's row until commit, as every event does first, and tell whether no event
    came since the caller read `cut_off_seen` (the user's tokens_valid_after) to check a token
    or a password. A request that checked just before an event and wrote just after it would
    leave behind what the event ends (a session, a personal token, a pending change): under
    the lock, the two run one after the other, and a False here refuses the late one."""
    User.lock(user_id)
    stored = db.session.scalar(select(User.tokens_valid_after).where(User.id == user_id))
    return stored == cut_off_seen

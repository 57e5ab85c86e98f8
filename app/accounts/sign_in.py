"""The one end of every sign-in: a password, its second step, a passkey, a provider's code and
the OAuth 2.0 password grant each prove who someone is their own way, then call
complete_sign_in(), which decides every gate and makes every effect, so no way in can forget one.

Gates, in order: a disabled account; a scope beyond the user's roles; a second factor still
owed. Effects, once every gate is passed: the password's throttle episode over, the last login,
a notice for a new client, the session, the audit event; then one commit.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from app import db
from app.accounts import login_throttle, security_events, two_factor
from app.accounts.notices import notify_if_new_client
from app.accounts.sessions import IssuedTokens, start_session
from app.errors import AccountDisabled, NoSecondFactorLeft, ScopeRefused, SignInExpired
from app.models import User
from app.ops import audit
from app.ops.audit import AuditEvent
from app.ops.origin import Origin
from app.security.permissions import first_not_granted, permissions_of
from app.security.tokens import is_multi_factor
from app.util.datetime_util import utc_now


@dataclass(frozen=True)
class SignedIn:
    """The sign-in is complete: a new session and its first pair."""

    tokens: IssuedTokens


@dataclass(frozen=True)
class SecondStepNeeded:
    """The first step was right and two-factor is on: finish at POST /auth/login/mfa."""

    mfa_token: str
    methods: list[str]  # the factors it may finish with, as the registry lists them

    @property
    def prompt(self) -> str:
        """What to ask for: the first factor offered."""
        return two_factor.prompt_for(self.methods[:1])


SignInOutcome = SignedIn | SecondStepNeeded


def complete_sign_in(
    user: User,
    origin: Origin,
    amr: Sequence[str],
    scope: Collection[str] = (),
    *,
    method: str,
) -> SignInOutcome:
    """End a sign-in of `user`, who proved who they are by `amr` (RFC 8176) through `method`
    (for the audit trail); `scope` narrows the session. Commits. SignInExpired when a security
    event (a new password, a proved address, …) came since the proof was checked."""
    if not security_events.held_since(user.id, user.tokens_valid_after):
        db.session.rollback()
        raise SignInExpired()
    if user.disabled:  # only once proved: a guesser learns nothing from it
        audit.record(
            AuditEvent.LOGIN_FAILED, origin, subject=user, reason="account disabled", method=method
        )
        db.session.commit()
        raise AccountDisabled()
    if refused := first_not_granted(scope, permissions_of(user.role_names)):
        db.session.commit()
        raise ScopeRefused(refused)
    if user.mfa_enabled and not is_multi_factor(amr):
        methods = two_factor.methods_of(user, amr[0])
        if not methods:  # an emailed code, and the mailbox is the only factor left
            db.session.commit()
            raise NoSecondFactorLeft()
        mfa_token = two_factor.start_challenge(user, amr[0], scope)
        db.session.commit()
        return SecondStepNeeded(mfa_token, methods)
    if "pwd" in amr:  # not before: a right password with a code still owed proves too little,
        login_throttle.clear(user.email)  # or it would reset the count of wrong codes
    user.last_login_at = utc_now()
    notify_if_new_client(user, origin)
    issued = start_session(user, origin, amr, scope)
    audit.record(AuditEvent.LOGIN_SUCCEEDED, origin, actor=user, subject=user, method=method)
    db.session.commit()
    return SignedIn(issued)

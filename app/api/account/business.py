"""The account lifecycle: change or reset a password, verify an address.

Each function commits once; an email is queued in the same transaction as its cause.
"""

from typing import NoReturn

from sqlalchemy.exc import IntegrityError

from app import db
from app.accounts import login_throttle, reauthentication, security_events, two_factor
from app.accounts.notices import notify
from app.accounts.security_events import SecurityEvent
from app.accounts.sensitive import Operation, changed
from app.accounts.sessions import IssuedTokens, start_session
from app.accounts.sign_up_policy import in_allowed_domain
from app.errors import EmailTaken, InvalidField
from app.mail.messages import (
    email_change_email,
    password_reset_email,
    verification_email,
)
from app.mail.outbox import Email, queue_composed, queue_email
from app.models import User
from app.ops import audit
from app.ops.audit import AuditEvent
from app.ops.origin import Origin
from app.running import setting
from app.security import tokens
from app.security.password_strength import check_strength
from app.security.tokens import Refusal, TokenKind

RESET_LINK_INVALID = "This reset link is invalid or has expired."
VERIFY_LINK_INVALID = "This verification link is invalid or has expired."
CHANGE_LINK_INVALID = "This confirmation link is invalid, used or has expired."
PASSWORD_RESET = "password reset"  # the composer of reset emails (create_app wires it)


def change_password(
    user: User, current_password: str, new_password: str, origin: Origin
) -> IssuedTokens:
    """Set a new password, refuse every token issued so far, and log this caller in afresh."""
    reauthentication.confirm_password(
        user,
        current_password,
        origin,
        field="current_password",
        problem="Does not match your current password.",
    )
    if new_password == current_password:
        raise InvalidField("new_password", "Must differ from your current password.")
    _set_password(user, new_password)
    issued = start_session(user, origin)
    changed(user, origin, Operation.PASSWORD_CHANGE)
    db.session.commit()
    return issued


def request_password_reset(email: str, origin: Origin) -> None:
    """Queue a reset email for any address: the same work whether it has an account or not."""
    queue_composed(PASSWORD_RESET, email)
    audit.record(AuditEvent.PASSWORD_RESET_REQUESTED, origin, email=email)
    db.session.commit()


def compose_password_reset(email: str) -> Email | None:
    """At delivery: a reset token for a registered address (None, no email, for an unknown one).

    The user row keeps this token's jti, so it is the only one that works from now on.
    """
    user = User.find_by_email(email)
    if user is None:
        return None
    issued = tokens.issue_reset_token(user.public_id)
    user.reset_jti = issued.claims.jti
    return password_reset_email(user.email, issued.token)


def confirm_password_reset(token: str, new_password: str, origin: Origin) -> None:
    """Set the password named by a live reset token, once, and refuse every token issued so far."""
    claims = tokens.decode(token, TokenKind.RESET).on_failure(_refuse_reset_link).value
    user = User.find_by_public_id(claims.public_id)
    if user is None or not User.claim_reset(user.id, claims.jti):  # used, replaced or dead
        _refuse_reset_link()
    _set_password(user, new_password)
    if not user.email_verified:  # the link came to the address: it is theirs, and a second
        two_factor.turn_off(user)  # factor set up before it was proved is not theirs to keep
        user.email_verified = True
    notify(user.email, "The password of your account was reset with a link sent to you.")
    audit.record(AuditEvent.PASSWORD_RESET_COMPLETED, origin, actor=user, subject=user)
    db.session.commit()


def request_email_change(user: User, new_email: str, password: str, origin: Origin) -> None:
    """Send a confirmation to the new address, and a notice to the old one; nothing changes
    until the confirmation comes back. A newer request replaces an older one."""
    reauthentication.confirm_password(user, password, origin)
    if new_email == user.email:
        raise InvalidField("new_email", "That is your address already.")
    if not in_allowed_domain(new_email):
        domains = ", ".join(setting("REGISTRATION_EMAIL_DOMAINS"))
        raise InvalidField("new_email", f"Accounts here use addresses at {domains} only.")
    if User.find_by_email(new_email) is not None:
        raise EmailTaken(new_email)
    issued = tokens.issue_email_change_token(user.public_id, new_email)
    user.email_change_jti = issued.claims.jti
    queue_email(email_change_email(new_email, issued.token))
    changed(user, origin, Operation.EMAIL_CHANGE, new_email=new_email)
    db.session.commit()


def confirm_email_change(token: str, origin: Origin) -> User:
    """Move the account to the address a live change token names, once: verified, and what
    the old address could still do ended (security_events.EMAIL_CHANGED). An address taken
    since is EmailTaken, even when taken by a racing request."""
    claims = tokens.decode(token, TokenKind.EMAIL_CHANGE).on_failure(_refuse_change_link).value
    user = User.find_by_public_id(claims.public_id)
    if user is None or not User.claim_email_change(user.id, claims.jti):  # used, replaced, dead
        _refuse_change_link()
    old_email, new_email = user.email, str(claims.extra["email"])
    user.email, user.email_verified = new_email, True
    try:
        db.session.flush()  # the unique index decides, even against a racing request
    except IntegrityError:
        db.session.rollback()
        raise EmailTaken(new_email) from None
    security_events.happened(user, SecurityEvent.EMAIL_CHANGED)
    notify(old_email, f"Your account moved to the address {new_email}.")
    audit.record(AuditEvent.EMAIL_CHANGED, origin, actor=user, subject=user)
    db.session.commit()
    return user


def verify_email(token: str, origin: Origin) -> None:
    """Mark the address a verification token names as the user's, while it still is."""
    claims = tokens.decode(token, TokenKind.VERIFY).on_failure(_refuse_verify_link).value
    user = User.find_by_public_id(claims.public_id)
    if (
        user is None
        or user.issued_before_logout_all(claims.issued_at)  # ended by a security event
        or user.email != claims.extra["email"]  # the account moved since
    ):
        _refuse_verify_link()
    user.email_verified = True
    audit.record(AuditEvent.EMAIL_VERIFIED, origin, actor=user, subject=user)
    db.session.commit()


def resend_verification(user: User) -> bool:
    """A new verification email, unless the address is verified already (then False)."""
    if user.email_verified:
        return False
    token = tokens.issue_verification_token(user.public_id, user.email)
    queue_email(verification_email(user.email, token))
    db.session.commit()
    return True


def _set_password(user: User, new_password: str) -> None:
    """The policy, the new hash, all that was pending ended (security_events.PASSWORD_CHANGED),
    and an episode of failed logins over: the guesses were at the old password."""
    check_strength(new_password, user.email, field="new_password")
    user.password = new_password
    security_events.happened(user, SecurityEvent.PASSWORD_CHANGED)
    login_throttle.clear(user.email)


def _refuse_change_link(_reason: Refusal | None = None) -> NoReturn:
    raise InvalidField("token", CHANGE_LINK_INVALID)


def _refuse_reset_link(_reason: Refusal | None = None) -> NoReturn:
    raise InvalidField("token", RESET_LINK_INVALID)


def _refuse_verify_link(_reason: Refusal | None = None) -> NoReturn:
    raise InvalidField("token", VERIFY_LINK_INVALID)

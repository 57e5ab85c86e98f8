"""Signing in with a code sent by email, with or without a password: ask for a code, then send
it back. The code proves the address, so it verifies it; it never creates an account, and an
unknown address is answered exactly like a known one.

Each function commits once.
"""

from app import db
from app.accounts import emailed_codes, login_throttle, security_events, two_factor
from app.accounts.emailed_codes import Purpose
from app.accounts.security_events import SecurityEvent
from app.accounts.sign_in import SignInOutcome, complete_sign_in
from app.errors import BadCode, CodeSentRecently
from app.mail.outbox import Email, queue_composed
from app.models import User
from app.ops import audit
from app.ops.audit import AuditEvent
from app.ops.origin import Origin

EMAILED_CODE = ("otp",)  # RFC 8176: a one-time code, here one that reached the mailbox


LOGIN_CODE = "login code"  # the composer of sign-in codes (create_app wires it)


def send_code(email: str, origin: Origin) -> None:
    """Queue a sign-in code for any address: the same work, and time, whether it has an account
    or not; the code is made when the mail goes out (compose_login_code)."""
    queue_composed(LOGIN_CODE, email)
    audit.record(AuditEvent.LOGIN_CODE_SENT, origin, email=email)
    db.session.commit()


def compose_login_code(email: str) -> Email | None:
    """At delivery: a new code for the account with this address; no email for an unknown or
    disabled one, or within a minute of the last code (the per-address limit answers 429 for
    every address alike, known or not)."""
    user = User.find_by_email(email)
    if user is None or user.disabled:
        return None
    try:
        return emailed_codes.new_code_email(user, Purpose.SIGN_IN)
    except CodeSentRecently:
        return None


def log_in(email: str, code: str, origin: Origin) -> SignInOutcome:
    """Sign in with the code mailed to `email`: a session, or the second step when two-factor
    is on (where the email factor is not offered: it would prove the same mailbox twice). A
    wrong code counts as a failed login of the address."""
    login_throttle.refuse_while_blocked(email)
    user = User.find_by_email(email)
    if user is None or not emailed_codes.accept(user, Purpose.SIGN_IN, code):
        reason = "unknown email" if user is None else "wrong code"
        event, error = AuditEvent.LOGIN_FAILED, BadCode()
        login_throttle.refuse(email, user, origin, event, error, email=email, reason=reason)
    _prove_address(user)
    return complete_sign_in(user, origin, EMAILED_CODE, method="email_code")


def _prove_address(user: User) -> None:
    """The code reached the address: it is the reader's. Where it was never proved, whoever
    registered it may be someone else, so what they set up ends as a reset link's would end
    it: the password, every session and pending token, and the second factor."""
    if user.email_verified:
        return
    user.password_hash = None
    security_events.happened(user, SecurityEvent.PASSWORD_CHANGED)
    two_factor.turn_off(user)
    user.email_verified = True

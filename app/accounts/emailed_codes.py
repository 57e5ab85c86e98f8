"""Codes sent by email: six digits that prove someone reads the account's mailbox, to sign in,
to finish a sign-in (the email factor), to prove who you are again, or to turn the email factor
on. A code is good for ten minutes, once, and for five tries; it is stored as a hash keyed with
SECRET_KEY (a million codes would not survive a plain one); asking again replaces it, at most
once a minute for each purpose, so no one can flood an inbox through us.

Steps of a caller's transaction: nothing here commits.
"""

import hmac
import math
import secrets
from datetime import timedelta
from enum import Enum
from hashlib import sha256

from app.errors import CodeSentRecently
from app.mail.messages import emailed_code_email
from app.mail.outbox import Email, queue_email
from app.models import EmailCode, User
from app.running import setting
from app.util.datetime_util import utc_now

VALID_FOR = timedelta(minutes=10)
RESEND_AFTER = timedelta(minutes=1)
MAX_TRIES = 5


class Purpose(Enum):
    """What a code is for, as the email tells its reader."""

    SIGN_IN = "to sign in"
    SECOND_STEP = "to finish signing in"
    STEP_UP = "to confirm it is you"
    ENROLMENT = "to turn on sign-in codes by email"


def send(user: User, purpose: Purpose, challenge: str = "") -> None:
    """Mail a new code of `purpose` (for the second step `challenge` names, if any), which
    replaces the last; CodeSentRecently, with the seconds to wait, within a minute of it."""
    queue_email(new_code_email(user, purpose, challenge))


def new_code_email(user: User, purpose: Purpose, challenge: str = "") -> Email:
    """The email of a new code of `purpose`, stored in place of the last; CodeSentRecently
    within a minute of that one."""
    code, now = f"{secrets.randbelow(10**6):06d}", utc_now()
    row = {
        "user_id": user.id,
        "purpose": purpose.name,
        "challenge": challenge,
        "code_hash": _hash(user, purpose, code),
        "sent_at": now,
        "expires_at": now + VALID_FOR,
    }
    if not EmailCode.replace(row, sent_before=now - RESEND_AFTER):
        sent_at = EmailCode.sent_at_of(user.id, purpose.name) or now
        raise CodeSentRecently(max(1, math.ceil((sent_at + RESEND_AFTER - now).total_seconds())))
    minutes = int(VALID_FOR.total_seconds()) // 60
    return emailed_code_email(user.email, code, purpose.value, minutes)


def accept(user: User, purpose: Purpose, code: str, challenge: str = "") -> bool:
    """True for the live code of `purpose` (and `challenge`), spending it; each call spends one
    of its tries first, right or wrong."""
    now = utc_now()
    if not EmailCode.take_try(user.id, purpose.name, challenge, now, MAX_TRIES):
        return False
    return EmailCode.use(user.id, purpose.name, _hash(user, purpose, code), challenge, now)


def forget(user: User, *purposes: Purpose) -> None:
    """The user's codes (of `purposes`, or all) stop working."""
    EmailCode.forget_all_of(user.id, tuple(purpose.name for purpose in purposes))


def _hash(user: User, purpose: Purpose, code: str) -> str:
    message = f"{user.id}:{purpose.name}:{code}".encode()
    return hmac.new(setting("SECRET_KEY").encode(), message, sha256).hexdigest()

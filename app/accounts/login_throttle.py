"""Per-account throttling: after LOGIN_FAILURES_BEFORE_DELAY failed logins for one address, each
within LOGIN_FAILURE_WINDOW_SECONDS of the one before, from any client, its logins wait: 30 s,
then twice as long after each further failure, up to LOGIN_DELAY_MAX_SECONDS. Never a permanent
lock: a success or a new password ends the episode, and so does a quiet window. The count
lives in the database, so every process and server shares it; an address without an account is
counted the same way, so the answers and their timing say nothing about which addresses exist.

Steps of a caller's transaction: nothing here commits, but `refuse`, which records a failure on
its own, before the refusal that undoes the caller's transaction.
"""

import math
from datetime import timedelta
from hashlib import sha256
from typing import Any, NoReturn

from app import db
from app.accounts.fields import address_as_counted
from app.accounts.notices import notify
from app.errors import LoginThrottled
from app.models import LoginThrottle, User
from app.ops import audit
from app.ops.audit import AuditEvent
from app.ops.metrics import LOGINS_THROTTLED
from app.ops.origin import Origin
from app.running import setting
from app.util.datetime_util import utc_now

NOTICE = (
    "Someone has tried many wrong passwords for your account, from one or more addresses. "
    "Logins to it are slowed down for a while; your password still works."
)


def refuse_while_blocked(email: str) -> None:
    """LoginThrottled, with the seconds to wait, while this address's logins must wait."""
    now = utc_now()
    until = LoginThrottle.blocked_until_for(_key(email), now)
    if until is not None:
        LOGINS_THROTTLED.inc()
        raise LoginThrottled(math.ceil((until - now).total_seconds()))


def count_failure(email: str, owner: User | None) -> int | None:
    """One more failed login for `email`; at the threshold its logins start to wait, and the
    owner (if the address has one) hears of it once an episode. Returns the wait, if any."""
    now, key = utc_now(), _key(email)
    window = timedelta(seconds=setting("LOGIN_FAILURE_WINDOW_SECONDS"))
    row = LoginThrottle.count_failure(key, now, window)
    beyond = row.failures - setting("LOGIN_FAILURES_BEFORE_DELAY")
    if beyond < 0:
        return None
    delay = min(setting("LOGIN_DELAY_SECONDS") * 2**beyond, setting("LOGIN_DELAY_MAX_SECONDS"))
    LoginThrottle.block(key, now + timedelta(seconds=delay))
    if owner is not None and not row.owner_notified:
        notify(owner.email, NOTICE, subject="Failed sign-ins to your account")
        row.owner_notified = True
    return delay


def refuse(
    address: str,
    owner: User | None,
    origin: Origin,
    event: AuditEvent,
    error: Exception,
    **details: Any,
) -> NoReturn:
    """A wrong password or code for `address`: count it (committed, whatever the caller's
    transaction does next), audit `event` about `owner` with `details` (an `actor` among them,
    if one is signed in) and any wait that began, then raise `error`."""
    wait = count_failure(address, owner)
    db.session.commit()
    audit.record_alone(event, origin, subject=owner, **details)
    if wait is not None:
        audit.record_alone(
            AuditEvent.LOGIN_THROTTLED, origin, subject=owner, email=address, seconds=wait
        )
    raise error


def clear(email: str) -> None:
    """The right password, or a new one: this address's episode is over."""
    LoginThrottle.clear(_key(email))


def _key(email: str) -> str:
    """The address as its account would store it: what every guess at it has in common."""
    return sha256(address_as_counted(email).encode()).hexdigest()

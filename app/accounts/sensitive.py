"""Sensitive operations: whatever adds, changes or removes a way into an account (a password,
a passkey, a linked identity, a second factor, recovery codes, a personal token) or the address
that recovers it. One row each, the policy of docs/SECURITY.md:

- the route's decorator (`sensitive` in app/api/auth/decorator.py) asks for a full session (no
  personal token, no scope), a verified address where `verified_address`, and a recent sign-in
  with the second factor, when `step_up`;
- the business code that makes the change calls `changed()`, which records the row's audit
  event and queues its notice to the owner, in the change's own transaction.

test/accounts/test_sensitive_operations.py walks this table and swagger.json: every marked route
is tried with a personal token, a narrowed session and a stale sign-in, and a route that writes
to the account without a row of its own (or a reason in that test) fails it.
"""

from dataclasses import dataclass
from enum import Enum
from typing import Any

from app.accounts.notices import notify
from app.models import User
from app.ops import audit
from app.ops.audit import AuditEvent
from app.ops.origin import Origin


class Operation(Enum):
    PASSWORD_CHANGE = "change the password"
    EMAIL_CHANGE = "move the account to another address"
    FACTOR_ENROLMENT = "start turning a second factor on"
    FACTOR_CONFIRMATION = "turn a second factor on"
    FACTOR_REMOVAL = "turn a second factor off"
    RECOVERY_CODES = "make new recovery codes"
    PASSKEY_OPTIONS = "start registering a passkey"
    PASSKEY_REGISTRATION = "register a passkey"
    PASSKEY_REMOVAL = "delete a passkey"
    IDENTITY_LINK = "link a provider's account"
    IDENTITY_UNLINK = "unlink a provider's account"
    PERSONAL_TOKEN = "make a personal access token"


@dataclass(frozen=True)
class Policy:
    """What an operation needs and leaves behind."""

    event: AuditEvent  # the audit event of the change
    # What the owner is told, formatted with the change's details; None for the first half of
    # a ceremony, whose second half sends the notice once it has changed something.
    notice: str | None
    # False where the route asks for the current password itself, which is its step-up.
    step_up: bool = True
    # True where it adds a way in that outlives a password reset (a passkey, an identity): not
    # before the address is proved, or whoever registered someone else's address would keep
    # it after its owner's reset. (A reset ends sessions and personal tokens, and turns off a
    # second factor set up before the address was proved.)
    verified_address: bool = False


SENSITIVE_OPERATIONS: dict[Operation, Policy] = {
    Operation.PASSWORD_CHANGE: Policy(
        AuditEvent.PASSWORD_CHANGED, "The password of your account was changed.", step_up=False
    ),
    Operation.EMAIL_CHANGE: Policy(
        AuditEvent.EMAIL_CHANGE_REQUESTED,
        "Someone asked to move your account to the address {new_email}.",
    ),
    Operation.FACTOR_ENROLMENT: Policy(AuditEvent.MFA_ENROLMENT_STARTED, None),
    Operation.FACTOR_CONFIRMATION: Policy(
        AuditEvent.MFA_ENABLED, "A second factor ({method}) was turned on for your account."
    ),
    Operation.FACTOR_REMOVAL: Policy(
        AuditEvent.MFA_DISABLED, "A second factor ({method}) was turned off for your account."
    ),
    Operation.RECOVERY_CODES: Policy(
        AuditEvent.RECOVERY_CODES_RENEWED, "New recovery codes were made."
    ),
    Operation.PASSKEY_OPTIONS: Policy(
        AuditEvent.PASSKEY_REGISTRATION_STARTED, None, verified_address=True
    ),
    Operation.PASSKEY_REGISTRATION: Policy(
        AuditEvent.PASSKEY_REGISTERED,
        "A passkey named {name!r} was added to your account.",
        verified_address=True,
    ),
    Operation.PASSKEY_REMOVAL: Policy(
        AuditEvent.PASSKEY_DELETED, "A passkey named {name!r} was removed from your account."
    ),
    Operation.IDENTITY_LINK: Policy(
        AuditEvent.IDENTITY_LINKED,
        "Your account at {provider} can now sign you in to this one.",
        verified_address=True,
    ),
    Operation.IDENTITY_UNLINK: Policy(
        AuditEvent.IDENTITY_UNLINKED,
        "Your account at {provider} no longer signs you in to this one.",
    ),
    Operation.PERSONAL_TOKEN: Policy(
        AuditEvent.PERSONAL_TOKEN_CREATED,
        "A personal access token named {name!r} was made for your account.",
    ),
}


def changed(user: User, origin: Origin, operation: Operation, **details: Any) -> None:
    """Record `operation` done to `user`'s account, with `details` (never a secret): its audit
    event and its notice to the account's address. A step of the caller's transaction."""
    policy = SENSITIVE_OPERATIONS[operation]
    audit.record(policy.event, origin, actor=user, subject=user, **details)
    if policy.notice is not None:
        notify(user.email, policy.notice.format(**details))

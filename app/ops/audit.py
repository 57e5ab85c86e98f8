"""Recording audit events: in the transaction of the change they record, logged once committed.

A change's event is added to the caller's transaction, so it exists exactly when the change
does. A refusal (login_failed, reauthentication_failed) records a change that did not happen,
so it is committed in a transaction of its own; refusals any client can cause in bulk (a 429, a
403) are counted, one requests_refused row per client address, kind and minute. Each committed
event is also one line of the `audit` logger. Where it came from is an Origin the caller passes
in; nothing here reads the request. Nothing secret goes in: callers pass public ids and plain
facts, never a password or a token.
"""

import json
from enum import StrEnum
from typing import Any

import structlog
from sqlalchemy import event as sqlalchemy_event
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import db
from app.models import AuditEvent as AuditRow
from app.models import User
from app.models.user import Account
from app.ops.metrics import count_audit_event
from app.ops.origin import Origin
from app.util.datetime_util import utc_now

audit_log = structlog.get_logger("audit")
Actor = User | Account | None


class AuditEvent(StrEnum):
    """Every event the trail records. The values are stored in rows and asked for by the API's
    `event=` filter, so a value never changes; a new event is a new member."""

    LOGIN_SUCCEEDED = "login_succeeded"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    LOGOUT_ALL = "logout_all"
    REFRESH_REUSE_DETECTED = "refresh_reuse_detected"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET_REQUESTED = "password_reset_requested"
    PASSWORD_RESET_COMPLETED = "password_reset_completed"
    EMAIL_VERIFIED = "email_verified"
    ACCOUNT_DELETED = "account_deleted"
    USER_UPDATED = "user_updated"
    SESSION_REVOKED = "session_revoked"
    ACCESS_DENIED = "access_denied"
    RATE_LIMITED = "rate_limited"
    MFA_ENABLED = "mfa_enabled"
    MFA_DISABLED = "mfa_disabled"
    MFA_FAILED = "mfa_failed"
    RECOVERY_CODE_USED = "recovery_code_used"
    RECOVERY_CODES_RENEWED = "recovery_codes_renewed"
    MFA_RESET = "mfa_reset"
    REAUTHENTICATED = "reauthenticated"
    PASSKEY_REGISTERED = "passkey_registered"
    PASSKEY_RENAMED = "passkey_renamed"
    PASSKEY_DELETED = "passkey_deleted"
    PASSKEY_COUNTER_REGRESSED = "passkey_counter_regressed"
    OIDC_LOGIN = "oidc_login"
    IDENTITY_LINKED = "identity_linked"
    IDENTITY_UNLINKED = "identity_unlinked"
    PERSONAL_TOKEN_CREATED = "personal_token_created"
    PERSONAL_TOKEN_REVOKED = "personal_token_revoked"
    TOKEN_REVOKED = "token_revoked"
    EMAIL_CHANGE_REQUESTED = "email_change_requested"
    EMAIL_CHANGED = "email_changed"
    LOGIN_THROTTLED = "login_throttled"
    MFA_ENROLMENT_STARTED = "mfa_enrolment_started"
    PASSKEY_REGISTRATION_STARTED = "passkey_registration_started"
    REAUTHENTICATION_FAILED = "reauthentication_failed"
    LOGIN_CODE_SENT = "login_code_sent"
    MFA_CODE_SENT = "mfa_code_sent"
    REQUESTS_REFUSED = "requests_refused"
    INVITATION_CREATED = "invitation_created"
    INVITATION_REVOKED = "invitation_revoked"
    INVITATION_ACCEPTED = "invitation_accepted"
    CLIENT_CREATED = "client_created"
    CLIENT_CHANGED = "client_changed"
    CLIENT_DELETED = "client_deleted"
    CLIENT_AUTH_FAILED = "client_auth_failed"
    OAUTH_TOKEN_ISSUED = "oauth_token_issued"
    CONSENT_GRANTED = "consent_granted"
    CONSENT_REVOKED = "consent_revoked"


def record(
    event: AuditEvent,
    origin: Origin,
    /,
    *,
    actor: Actor = None,
    subject: User | str | None = None,
    **details: Any,
) -> None:
    """Add an event to the current transaction; the caller commits. Positional-only names
    leave every other name free for details, such as `session`."""
    _add(db.session(), event, origin, actor=actor, subject=subject, **details)


def record_alone(event: AuditEvent, origin: Origin, /, **fields: Any) -> None:
    """Commit a refusal's event (fields as record() takes them) in a transaction of its own;
    the caller's is left as it is.

    Call it before the refused request writes anything: on PostgreSQL its own transaction would
    wait for row locks the caller holds.
    """
    with Session(db.engine) as session:
        _add(session, event, origin, **fields)
        session.commit()


def count_refusal(refused: AuditEvent, origin: Origin, /, **fields: Any) -> None:
    """Count a refusal any client can cause in bulk (a 429, a 403) in the one requests_refused
    row of its client address, kind and minute, committed on its own as record_alone does: a
    flood grows the trail by rows a minute, not a row a request. The row keeps the first
    refusal's fields; `times` counts them all (`count` in the API's details)."""
    minute = utc_now().strftime("%Y-%m-%dT%H:%M")
    bucket = f"{origin.ip} {refused.value} {minute}"
    with Session(db.engine) as session:
        if not _count_one_more(session, bucket):
            kind = refused.value
            row = _add(session, AuditEvent.REQUESTS_REFUSED, origin, refused=kind, **fields)
            row.refusal_bucket, row.times = bucket, 1
            try:
                session.commit()
                return
            except IntegrityError:  # another request of the same minute made the row first
                session.rollback()
                _count_one_more(session, bucket)
        session.commit()


def _count_one_more(session: Session, bucket: str) -> bool:
    """One more refusal in `bucket`'s row; False when it has none yet."""
    more = update(AuditRow).where(AuditRow.refusal_bucket == bucket)
    result = session.execute(more.values(times=AuditRow.times + 1))
    return bool(result.rowcount)  # type: ignore[attr-defined]  # an UPDATE's CursorResult


def _add(
    session: Session,
    event: AuditEvent,
    origin: Origin,
    /,
    *,
    actor: Actor = None,
    subject: User | str | None = None,
    **details: Any,
) -> AuditRow:
    """Add the event to `session`, and log it once that session commits."""
    fields = {
        "at": utc_now(),
        "event": AuditEvent(event).value,  # a stray string from untyped code fails here, loudly
        "actor": actor.public_id if actor else None,
        "subject": subject.public_id if isinstance(subject, User) else subject,
        "ip": origin.ip,
        "client": origin.user_agent[:200],
        "request_id": origin.request_id,
    }
    row = AuditRow(details=json.dumps(details, sort_keys=True, default=str), **fields)
    session.add(row)
    if "audit_pending" not in session.info:
        session.info["audit_pending"] = []
        sqlalchemy_event.listen(session, "after_commit", _log_committed)
        sqlalchemy_event.listen(session, "after_rollback", _forget_pending)
    session.info["audit_pending"].append(fields | {"details": details})
    return row


def _log_committed(session: Session) -> None:
    """One line per committed event (values captured when recorded: rows expire at commit)."""
    for fields in session.info["audit_pending"]:
        rest = {key: value for key, value in fields.items() if key != "event"}
        audit_log.info(fields["event"], **(rest | {"at": fields["at"].isoformat()}))
        count_audit_event(fields["event"])
    session.info["audit_pending"] = []


def _forget_pending(session: Session) -> None:
    session.info["audit_pending"] = []

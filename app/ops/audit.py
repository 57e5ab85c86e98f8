"""Recording audit events: in the transaction of the change they record, logged once committed.

A change's event is added to the caller's transaction, so it exists exactly when the change
does. A refusal (login_failed, access_denied, rate_limited) records a change that did not happen,
so it is committed on its own. Each committed event is also one line of the `audit` logger.
Nothing secret goes in: callers pass public ids and plain facts, never a password or a token.
"""

import json
from typing import Any

import structlog
from flask import g, has_request_context, request
from sqlalchemy import event as sqlalchemy_event
from sqlalchemy.orm import Session

from app import db
from app.models import AuditEvent, User
from app.models.user import Account
from app.ops.metrics import count_audit_event
from app.util.datetime_util import utc_now

audit_log = structlog.get_logger("audit")


def record(
    event: str,
    *,
    actor: User | Account | None = None,
    subject: User | str | None = None,
    **details: Any,
) -> None:
    """Add an event to the current transaction; the caller commits."""
    fields = {
        "at": utc_now(),
        "event": event,
        "actor": actor.public_id if actor else None,
        "subject": subject.public_id if isinstance(subject, User) else subject,
        **_where_from(),
    }
    db.session.add(AuditEvent(details=json.dumps(details, sort_keys=True, default=str), **fields))
    session = db.session()
    if "audit_pending" not in session.info:
        session.info["audit_pending"] = []
        sqlalchemy_event.listen(session, "after_commit", _log_committed)
        sqlalchemy_event.listen(session, "after_rollback", _forget_pending)
    session.info["audit_pending"].append(fields | {"details": details})


def record_alone(event: str, **fields: Any) -> None:
    """Commit a refusal's event by itself: nothing else of the refused request is kept."""
    db.session.rollback()
    record(event, **fields)
    db.session.commit()


def _where_from() -> dict[str, Any]:
    """The client's address, User-Agent and request id; a command line has none of them."""
    if not has_request_context():
        return {"ip": "", "client": "flask command", "request_id": None}
    user_agent = request.user_agent.string[:200]
    return {
        "ip": request.remote_addr or "",
        "client": user_agent,
        "request_id": g.get("request_id"),
    }


def _log_committed(session: Session) -> None:
    """One line per committed event (values captured when recorded: rows expire at commit)."""
    for fields in session.info["audit_pending"]:
        rest = {key: value for key, value in fields.items() if key != "event"}
        audit_log.info(fields["event"], **(rest | {"at": fields["at"].isoformat()}))
        count_audit_event(fields["event"])
    session.info["audit_pending"] = []


def _forget_pending(session: Session) -> None:
    session.info["audit_pending"] = []

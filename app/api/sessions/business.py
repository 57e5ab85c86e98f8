"""The caller's own sessions: list them, end one."""

from app import db
from app.accounts.sessions import end_session
from app.models import LoginSession, User
from app.ops import audit
from app.ops.audit import AuditEvent
from app.ops.origin import Origin
from app.util.datetime_util import utc_now


def sessions_of(user_id: int) -> list[LoginSession]:
    """The user's live sessions, newest first."""
    return LoginSession.live_of(user_id, utc_now())


def log_out_session(user: User, session_id: str, origin: Origin) -> None:
    """End one of the user's own sessions, in one transaction."""
    end_session(user, session_id)
    audit.record(AuditEvent.SESSION_REVOKED, origin, actor=user, subject=user, session=session_id)
    db.session.commit()

"""The hosted session's own steps, once complete_sign_in() made the login session: hold it
with a cookie secret (only its hash stored, on the login session's row), end it.

The secret's hash lives on the login session, so whatever ends that session (DELETE
/auth/sessions/<id>, logout-all, a new password, every security event) ends the cookie too,
with nothing to remember here. Each function commits once.
"""

from secrets import token_urlsafe

from app import db
from app.accounts.sessions import revoke_session
from app.models import LoginSession, User
from app.ops import audit
from app.ops.audit import AuditEvent
from app.ops.origin import Origin
from app.security.digests import secret_digest
from app.util.datetime_util import utc_now


def hold_session(session_id: str, replacing: str | None) -> str:
    """A new cookie secret for login session `session_id`, just made by a hosted sign-in; the
    browser's previous hosted session (`replacing`, its old secret) ends, so a second sign-in
    in one browser (prompt=login) leaves one session, not two."""
    if replacing:
        _end(replacing)
    secret = token_urlsafe(32)
    session = db.session.get(LoginSession, session_id)
    assert session is not None  # made in this request by complete_sign_in
    session.hosted_secret_hash = secret_digest(secret)
    db.session.commit()
    return secret


def sign_out(secret: str, origin: Origin) -> None:
    """End the hosted session of `secret` and its login session; a dead one is left alone."""
    if (ended := _end(secret)) is not None:
        user, session_id = ended
        audit.record(AuditEvent.LOGOUT, origin, actor=user, subject=user, session=session_id)
    db.session.commit()


def _end(secret: str) -> tuple[User, str] | None:
    """Revoke the live login session `secret` holds; its user and id, or None."""
    found = LoginSession.find_hosted(secret_digest(secret), utc_now())
    if found is None:
        return None
    session, user = found
    revoke_session(session)
    return user, session.id

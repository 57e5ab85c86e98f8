"""A person's consents to OAuth clients: list them, take one back (which ends that client's
sessions of theirs at once). Each change commits once."""

from app import db
from app.accounts.sessions import revoke_session
from app.errors import NotFound
from app.models import AuthorizationCode, Consent, DeviceCode, LoginSession, OAuthClient, User
from app.ops import audit
from app.ops.audit import AuditEvent
from app.ops.origin import Origin
from app.util.datetime_util import utc_now

NO_SUCH_CONSENT = "You have not allowed a client with that client_id."


def consents_of(user_id: int) -> list[tuple[Consent, OAuthClient]]:
    """The user's consents with their clients, newest first."""
    found = Consent.all_of(user_id)
    return [
        (consent, client) for consent in found if (client := OAuthClient.find(consent.client_id))
    ]


def withdraw(user: User, client_id: str, origin: Origin) -> None:
    """Forget the consent and end everything of the user's granted to that client: sessions
    (access and refresh tokens), codes and device codes not exchanged yet. It must ask again."""
    if not Consent.withdraw(user.id, client_id):
        raise NotFound(NO_SUCH_CONSENT)
    now = utc_now()
    for session in LoginSession.live_of(user.id, now):
        if session.client_id == client_id:
            revoke_session(session)
    AuthorizationCode.spend_granted(client_id, now, user.id)
    DeviceCode.spend_granted(client_id, now, user.id)
    audit.record(AuditEvent.CONSENT_REVOKED, origin, actor=user, subject=user, client=client_id)
    db.session.commit()

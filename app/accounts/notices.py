"""Security notices: an email to the owner of an account whenever the way into it changes, or
someone got in from somewhere new, so that they hear of what they did not do. Sent through the
outbox with the rest of the change; SECURITY_NOTIFICATIONS=false turns them all off.

Steps of a caller's transaction: nothing here commits.
"""

from app.mail.messages import security_notice
from app.mail.outbox import queue_email
from app.models import LoginSession, User
from app.models.login_session import CLIENT_LENGTH
from app.ops.origin import Origin
from app.running import setting


def notify(address: str, what_happened: str, subject: str | None = None) -> None:
    """Queue a notice to `address`, unless notices are off."""
    if setting("SECURITY_NOTIFICATIONS"):
        extra = {"subject": subject} if subject else {}
        queue_email(security_notice(address, what_happened, **extra))


def notify_if_new_client(user: User, origin: Origin) -> None:
    """Before a login's session is stored: a notice when no session of the user's came from
    this client (User-Agent) at this address before."""
    client = origin.user_agent[:CLIENT_LENGTH]
    if not LoginSession.seen_before(user.id, client, origin.ip):
        notify(user.email, f"Someone signed in to your account from {client} at {origin.ip}.")

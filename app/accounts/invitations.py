"""Invitations to register: issue one (its token goes only into the email), list and withdraw
the pending ones, and accept one as an account is made. An invitation works once, for its
address, within VALID_FOR; what it grants is decided when it is made, by whoever may grant
those roles (POST /users/invitations asks what PATCH /users/<id> asks).

Steps of a caller's transaction: nothing here commits.
"""

from datetime import timedelta
from secrets import token_urlsafe
from uuid import uuid4

from app import db
from app.accounts.sign_up_policy import InvitationRefused, refuse_sign_up_outside_policy
from app.errors import EmailTaken, NotFound
from app.mail.messages import invitation_email
from app.mail.outbox import queue_email
from app.models import Invitation, User
from app.models.invitation import token_digest
from app.ops import audit
from app.ops.audit import AuditEvent
from app.ops.origin import Origin
from app.security.permissions import ROLES, in_order
from app.util.datetime_util import utc_now

VALID_FOR = timedelta(days=7)
NO_SUCH_INVITATION = "No pending invitation with that id."


def issue(
    email: str, roles: list[str], origin: Origin, actor: User | None
) -> tuple[Invitation, str]:
    """Invite `email` to register with `roles`, in place of its pending invitation, and queue
    the email; returns the row and the token (for `flask invite` to print). The policy must
    let the address sign up, and it must have no account yet."""
    refuse_sign_up_outside_policy(email)
    if User.find_by_email(email) is not None:
        raise EmailTaken(email)
    now, token = utc_now(), token_urlsafe(32)
    Invitation.withdraw_pending_of(email, now)
    invitation = Invitation(
        id=str(uuid4()),
        token_hash=token_digest(token),
        email=email,
        roles=",".join(in_order(roles, ROLES)),
        created_at=now,
        expires_at=now + VALID_FOR,
    )
    db.session.add(invitation)
    queue_email(invitation_email(email, token, invitation.role_names, VALID_FOR.days))
    audit.record(
        AuditEvent.INVITATION_CREATED,
        origin,
        actor=actor,
        subject=email,
        invitation=invitation.id,
        roles=invitation.role_names,
    )
    return invitation, token


def pending() -> list[Invitation]:
    """The invitations that may still be used, oldest first."""
    return Invitation.pending(utc_now())


def withdraw(invitation_id: str, origin: Origin, actor: User | None) -> None:
    """Delete a pending invitation: its token works no more. NotFound for any other id."""
    invitation = Invitation.find_pending(utc_now(), Invitation.id == invitation_id)
    if invitation is None:
        raise NotFound(NO_SUCH_INVITATION)
    db.session.delete(invitation)
    audit.record(
        AuditEvent.INVITATION_REVOKED,
        origin,
        actor=actor,
        subject=invitation.email,
        invitation=invitation.id,
    )


def forget_for(user: User) -> None:
    """A user whose account was made without the address's pending invitation: it has nothing
    left to do, and kept, it would give its roles to whoever holds the address next."""
    Invitation.withdraw_pending_of(user.email, utc_now())


def accept(invitation: Invitation, user: User, origin: Origin) -> None:
    """Use up `invitation` for the new `user`, who gets its roles and a verified address (the
    token came to it by email). Once: of two sign-ups racing with it, the second is refused."""
    if Invitation.spend(invitation.token_hash, utc_now()) is None:
        raise InvitationRefused()
    user.role_names = invitation.role_names
    user.email_verified = True
    audit.record(
        AuditEvent.INVITATION_ACCEPTED,
        origin,
        actor=user,
        subject=user,
        invitation=invitation.id,
        roles=invitation.role_names,
    )

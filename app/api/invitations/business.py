"""Invitations to register, for whoever manages users (and `flask invite`): make one, list the
pending ones, withdraw one. Each change commits once."""

from app import db
from app.accounts import invitations
from app.models import Invitation, User
from app.ops.origin import Origin


def invite(
    email: str, roles: list[str], origin: Origin, actor: User | None = None
) -> tuple[Invitation, str]:
    """Invite `email` to register with `roles` and mail it the token; returns the invitation
    and its token. `actor` is who asks (None from the command line), for the audit trail."""
    invitation, token = invitations.issue(email, roles, origin, actor)
    db.session.commit()
    return invitation, token


def pending() -> list[Invitation]:
    """The invitations that may still be used, oldest first."""
    return invitations.pending()


def withdraw(invitation_id: str, origin: Origin, actor: User) -> None:
    """Revoke a pending invitation: its token works no more."""
    invitations.withdraw(invitation_id, origin, actor)
    db.session.commit()

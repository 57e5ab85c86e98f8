"""Who may make an account: REGISTRATION (open, invite or closed) and REGISTRATION_EMAIL_DOMAINS,
decided here once for every way an account is made, POST /auth/register and a first sign-in
through a provider. Signing in to an account that exists never comes here, whatever the policy.

Each refusal is a SignUpRefused whose `error` is the code a provider sign-up's page gets
(`#error=`); POST /auth/register answers the same refusal as 403 or a 400 on a field.
"""

from enum import StrEnum
from typing import ClassVar

from app.errors import DomainError, InvalidField
from app.models import Invitation
from app.models.invitation import token_digest
from app.running import setting
from app.security.email_domains import ascii_domain, domain_of
from app.util.datetime_util import utc_now


class Registration(StrEnum):
    OPEN = "open"  # anyone, with or without an invitation
    INVITE = "invite"  # an invitation to the address is needed
    CLOSED = "closed"  # nobody: operators add accounts with `flask add-user`


class SignUpRefused(DomainError):
    """A sign-up the policy refuses; `error` names it on a provider sign-up's page."""

    error: ClassVar[str]


class RegistrationClosed(SignUpRefused):
    error = "registration_closed"

    def __init__(self) -> None:
        super().__init__("Registration is closed.")


class DomainNotAllowed(InvalidField, SignUpRefused):
    error = "domain_not_allowed"

    def __init__(self, domains: list[str]) -> None:
        super().__init__("email", f"Sign-up is open to addresses at {', '.join(domains)} only.")


class InvitationRequired(InvalidField, SignUpRefused):
    error = "invitation_required"

    def __init__(self) -> None:
        super().__init__(
            "invitation", "Registration is by invitation only: send your invitation's token."
        )


class InvitationRefused(InvalidField, SignUpRefused):
    error = "invitation_invalid"

    def __init__(self) -> None:
        super().__init__("invitation", "This invitation is invalid, used or expired.")


class InvitationForAnotherAddress(InvalidField, SignUpRefused):
    error = "invitation_invalid"

    def __init__(self) -> None:
        super().__init__("email", "This invitation is for another address.")


def admit(email: str, token: str | None) -> Invitation | None:
    """May `email` register, with the invitation `token` if one was sent? The invitation that
    lets it, still to be used (invitations.accept), or None where registration is open."""
    refuse_sign_up_outside_policy(email)
    if token is None:
        if _registration() is Registration.INVITE:
            raise InvitationRequired()
        return None
    invitation = Invitation.find_pending(utc_now(), Invitation.token_hash == token_digest(token))
    if invitation is None:
        raise InvitationRefused()
    if invitation.email != email:
        raise InvitationForAnotherAddress()
    return invitation


def admit_federated(email: str) -> Invitation | None:
    """May a first sign-in through a provider, which vouched for `email`, make an account? The
    address's invitation, still to be used, if it has one (needed under invite)."""
    refuse_sign_up_outside_policy(email)
    invitation = Invitation.find_pending(utc_now(), Invitation.email == email)
    if invitation is None and _registration() is Registration.INVITE:
        raise InvitationRequired()
    return invitation


def refuse_sign_up_outside_policy(email: str) -> None:
    """What holds for every sign-up, and for inviting someone: registration is not closed,
    and the address is at one of REGISTRATION_EMAIL_DOMAINS when those are set."""
    if _registration() is Registration.CLOSED:
        raise RegistrationClosed()
    if not in_allowed_domain(email):
        raise DomainNotAllowed(setting("REGISTRATION_EMAIL_DOMAINS"))


def in_allowed_domain(email: str) -> bool:
    """Whether an account may have this address: any, or one at REGISTRATION_EMAIL_DOMAINS.
    Exact domains: a subdomain is another domain (list it too). A change of address asks it
    too, or an account could move to a domain it could not have signed up with."""
    domains = setting("REGISTRATION_EMAIL_DOMAINS")
    return not domains or domain_of(email) in {ascii_domain(domain) for domain in domains}


def _registration() -> Registration:
    return Registration(setting("REGISTRATION"))

"""Managing users: list, read, change, delete, log out; the acting admin never needs a request.

The last active admin (an admin not disabled) cannot be demoted, disabled or deleted
(app/accounts/admins.py).
"""

from typing import Any

from sqlalchemy import Row, func, select

from app import db
from app.accounts import personal_tokens, security_events, two_factor
from app.accounts.admins import refuse_to_lose_the_last_admin
from app.accounts.notices import notify
from app.accounts.security_events import SecurityEvent
from app.errors import NotFound
from app.models import CollectionCount, PersonalToken, User
from app.ops import audit
from app.ops.audit import AuditEvent
from app.ops.origin import Origin
from app.persistence.pagination import Page, PagedCollection, paginate
from app.security.permissions import roles_with_admin

NO_SUCH_USER = "No user with that id."

# In email order (unique, so pages never overlap or skip).
USER_PAGES = PagedCollection.of(User, User.email)
USER_TOTAL = CollectionCount.total_of("user")


def page_of_users(page: int, per_page: int, query: str = "") -> Page[Row[Any]]:
    """One page of users whose address contains `query` (lower case); all of them without one."""
    if not query:
        return paginate(USER_PAGES, page=page, per_page=per_page, count=USER_TOTAL)
    matches = User.email.contains(query, autoescape=True)  # % and _ are letters here
    count = select(func.count()).select_from(User).where(matches)
    return paginate(USER_PAGES.where(matches), page=page, per_page=per_page, count=count)


def find_user(public_id: str) -> User:
    """The user with this public id; NotFound otherwise, whatever the id looks like."""
    user = User.find_by_public_id(public_id)
    if user is None:
        raise NotFound(NO_SUCH_USER)
    return user


def update_user(
    user: User,
    *,
    roles: list[str] | None = None,
    admin: bool | None = None,
    disabled: bool | None = None,
    origin: Origin,
    actor: User | None = None,
) -> User:
    """Set the roles (`admin` adds or removes that one role), disable or enable; disabling ends
    every session of the user. Their next request sees the change.

    `actor` is the admin who asks (None from the command line), for the audit trail.
    """
    new_roles = user.role_names if roles is None else roles
    if admin is not None:
        new_roles = roles_with_admin(new_roles, admin)
    stays_active_admin = "admin" in new_roles and not (
        user.disabled if disabled is None else disabled
    )
    if not stays_active_admin:
        refuse_to_lose_the_last_admin(user)
    if roles is not None or admin is not None:
        user.role_names = new_roles
    if disabled is not None:
        if disabled and not user.disabled:  # enabling again must not bring old tokens back
            security_events.happened(user, SecurityEvent.ACCOUNT_DISABLED)
        user.disabled = disabled
    role_change = roles is not None or admin is not None
    # What was stored (each role once), not what was asked: the trail must match the account.
    changed = {"roles": user.role_names if role_change else None, "disabled": disabled}
    audit.record(
        AuditEvent.USER_UPDATED,
        origin,
        actor=actor,
        subject=user,
        changed={field: value for field, value in changed.items() if value is not None},
    )
    db.session.commit()
    return user


def delete_user(user: User, origin: Origin, actor: User | None = None) -> None:
    """Delete an account; its tokens die with the row, its widgets keep `owner: null`."""
    refuse_to_lose_the_last_admin(user)
    security_events.happened(user, SecurityEvent.ACCOUNT_DELETED)
    audit.record(AuditEvent.ACCOUNT_DELETED, origin, actor=actor, subject=user.public_id)
    db.session.delete(user)
    db.session.commit()


def log_out_user(user: User, origin: Origin, actor: User | None = None) -> None:
    """Refuse every token the user holds, on every device, and end all they left pending."""
    security_events.happened(user, SecurityEvent.LOGOUT_ALL)
    audit.record(AuditEvent.LOGOUT_ALL, origin, actor=actor, subject=user)
    db.session.commit()


def reset_mfa(user: User, origin: Origin, actor: User | None = None) -> bool:
    """Turn a user's two-factor off (a lost phone, no recovery code left); they are told.
    False, and nothing done, when it was off already. An admin held to two-factor may not
    reset their own: they would lock themselves out (Conflict)."""
    if not user.mfa_enabled:
        return False
    if actor is not None and actor.id == user.id:
        two_factor.refuse_removing_last(user)
    two_factor.turn_off(user)
    audit.record(AuditEvent.MFA_RESET, origin, actor=actor, subject=user)
    notice = "An administrator turned two-factor authentication off for your account."
    notify(user.email, notice)
    db.session.commit()
    return True


def tokens_of(user: User) -> list[PersonalToken]:
    return personal_tokens.live_tokens_of(user)


def revoke_token(user: User, token_id: str, origin: Origin, actor: User | None = None) -> None:
    """Revoke one of `user`'s personal tokens."""
    personal_tokens.revoke(user, token_id)
    audit.record(
        AuditEvent.PERSONAL_TOKEN_REVOKED, origin, actor=actor, subject=user, token=token_id
    )
    db.session.commit()

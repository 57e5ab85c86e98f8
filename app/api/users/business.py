"""Managing users: list, read, change, delete, log out; the acting admin never needs a request.

The last active admin (an admin not disabled) cannot be demoted, disabled or deleted
(app/accounts/admins.py).
"""

from typing import Any

from sqlalchemy import Row, func, select

from app import db
from app.accounts import two_factor
from app.accounts.admins import refuse_to_lose_the_last_admin
from app.accounts.sessions import end_every_session
from app.errors import NotFound
from app.mail.messages import security_notice
from app.mail.outbox import queue_email
from app.models import CollectionCount, User
from app.ops import audit
from app.ops.origin import Origin
from app.persistence.pagination import Page, PagedCollection, paginate

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
    admin: bool | None = None,
    disabled: bool | None = None,
    origin: Origin,
    actor: User | None = None,
) -> User:
    """Promote or demote, disable or enable; disabling ends every session of the user.

    `actor` is the admin who asks (None from the command line), for the audit trail.
    """
    stays_active_admin = (user.admin if admin is None else admin) and not (
        user.disabled if disabled is None else disabled
    )
    if not stays_active_admin:
        refuse_to_lose_the_last_admin(user)
    if admin is not None:
        user.admin = admin
    if disabled is not None:
        if disabled and not user.disabled:
            end_every_session(user)  # enabling again must not bring old tokens back
        user.disabled = disabled
    changed = {"admin": admin, "disabled": disabled}
    audit.record(
        "user_updated",
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
    audit.record("account_deleted", origin, actor=actor, subject=user.public_id)
    db.session.delete(user)
    db.session.commit()


def log_out_user(user: User, origin: Origin, actor: User | None = None) -> None:
    """Refuse every token the user holds, on every device."""
    end_every_session(user)
    audit.record("logout_all", origin, actor=actor, subject=user)
    db.session.commit()


def reset_mfa(user: User, origin: Origin, actor: User | None = None) -> bool:
    """Turn a user's two-factor off (a lost phone, no recovery code left); they are told.
    False, and nothing done, when it was off already."""
    if not user.mfa_enabled:
        return False
    two_factor.turn_off(user)
    audit.record("mfa_reset", origin, actor=actor, subject=user)
    notice = "An administrator turned two-factor authentication off for your account."
    queue_email(security_notice(user.email, notice))
    db.session.commit()
    return True

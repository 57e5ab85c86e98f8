"""The rule that keeps every account reachable: its last way to sign in is never taken away.

The ways are a password, a passkey and a provider's identity. Whatever removes a passkey or an
identity asks this first; a user who wants to drop the last one sets a password before.
"""

from sqlalchemy import func, select

from app import db
from app.errors import Conflict
from app.models import Identity, Passkey, User

LAST_WAY_IN = "This is your last way to sign in; add a password, a passkey or another first."


def refuse_to_lose_the_last_way_in(user: User) -> None:
    """Conflict when `user` has no password and only one passkey or identity left.

    The user's row is locked first, until the caller commits: two deletions of the last two
    ways at once then count one after the other, and the second finds one left (on SQLite
    only one writer runs at a time anyway)."""
    User.lock(user.id)
    if user.password_hash is not None:
        return
    passkeys = select(func.count()).select_from(Passkey).where(Passkey.user_id == user.id)
    identities = select(func.count()).select_from(Identity).where(Identity.user_id == user.id)
    if (db.session.scalar(passkeys) or 0) + (db.session.scalar(identities) or 0) <= 1:
        raise Conflict(LAST_WAY_IN)

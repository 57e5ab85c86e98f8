"""The rule that keeps the API administrable: there is always an active admin."""

from app.errors import Conflict
from app.models import User

ONLY_ADMIN = "You are the only administrator; appoint another first."


def refuse_to_lose_the_last_admin(user: User) -> None:
    """Conflict when `user` is the only active admin (their rows stay locked until commit).

    Whatever would demote, disable or delete `user` asks this first, in its own transaction: the
    admins' rows are locked while it counts, so two admins demoting each other at once leave one
    of them an admin.
    """
    if user.admin and not user.disabled and User.count_admins_locked() <= 1:
        raise Conflict(ONLY_ADMIN)

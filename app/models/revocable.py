"""Credentials of a user that stop working when revoked, one at a time or all at once."""

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Mapped, mapped_column

from app import db
from app.models.columns import UTCDateTime


class RevocableRows:
    """Mixin: `revoked_at`, and revoke_all_of() for logout-all, a new password, a disabled user."""

    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @classmethod
    def revoke_all_of(cls, user_id: int, now: datetime) -> None:
        """Revoke every row of the user that is not revoked yet."""
        db.session.execute(
            update(cls)
            .where(cls.user_id == user_id, cls.revoked_at.is_(None))  # type: ignore[attr-defined]
            .values(revoked_at=now)
        )

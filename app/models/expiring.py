"""Rows that are worthless once their token has expired, and the query that removes them."""

from datetime import datetime
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.orm import Mapped, mapped_column

from app import db
from app.models.columns import UTCDateTime
from app.util.datetime_util import utc_now


class ExpiringRows:
    """Mixin: an indexed `expires_at`, and prune() for `flask prune-tokens`."""

    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)

    @classmethod
    def prune(cls) -> int:
        """Delete the rows that have expired; returns how many went."""
        result = db.session.execute(delete(cls).where(cls.expires_at < utc_now()))
        return result.rowcount  # type: ignore[attr-defined]  # a DELETE gives a CursorResult


class SingleUseRows(ExpiringRows):
    """Mixin: rows that work once before they expire (challenges, states, one-time codes)."""

    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @classmethod
    def use_up(cls, now: datetime, *which: Any) -> bool:
        """Mark the live, unused row `which` selects as used; False when a racing request used
        it first, or there is none. One UPDATE: atomic on both databases."""
        used = db.session.execute(
            update(cls)
            .where(*which, cls.used_at.is_(None), cls.expires_at > now)  # type: ignore[attr-defined]
            .values(used_at=now)
        )
        return used.rowcount == 1  # type: ignore[attr-defined]  # an UPDATE's CursorResult

"""Rows that are worthless once their token has expired, and the query that removes them."""

from datetime import datetime

from sqlalchemy import delete
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

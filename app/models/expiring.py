"""Rows that are worthless once their token has expired, and the query that removes them:
from every table that mixes ExpiringRows in, without a list of them to keep up to date."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self

from sqlalchemy import delete, inspect, update
from sqlalchemy.orm import Mapped, mapped_column

from app import db
from app.models.columns import UTCDateTime
from app.util.datetime_util import utc_now

# Every class that mixes ExpiringRows in, tables and mixins alike, as each is defined.
EXPIRING: list[type[ExpiringRows]] = []


class ExpiringRows:
    """Mixin: an indexed `expires_at`, and prune() for `flask prune-tokens`."""

    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        EXPIRING.append(cls)

    @classmethod
    def prune(cls) -> int:
        """Delete the rows that have expired; returns how many went."""
        result = db.session.execute(delete(cls).where(cls.expires_at < utc_now()))
        return result.rowcount  # type: ignore[attr-defined]  # a DELETE gives a CursorResult


class SingleUseRows(ExpiringRows):
    """Mixin: rows that work once before they expire (challenges, states, one-time codes)."""

    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @classmethod
    def spend(cls, key: str, now: datetime, *which: Any) -> Self | None:
        """Use up the live, unused row whose primary key is `key` (and that `which` selects),
        once; None when it is unknown, used or expired, or a racing request used it first.
        One UPDATE: atomic on both databases."""
        primary_key = inspect(cls).primary_key[0]
        used = db.session.execute(
            update(cls)
            .where(primary_key == key, *which, cls.used_at.is_(None), cls.expires_at > now)  # type: ignore[attr-defined]
            .values(used_at=now)
        )
        if used.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's CursorResult
            return None
        return db.session.get(cls, key)

    @classmethod
    def spend_all_of(cls, user_id: int, now: datetime) -> None:
        """Use up every unused row of the user: a security event ends them (security_events)."""
        db.session.execute(
            update(cls)
            .where(cls.user_id == user_id, cls.used_at.is_(None))  # type: ignore[attr-defined]
            .values(used_at=now)
        )


def prune_expired_rows() -> dict[str, int]:
    """Delete the expired rows of every table that mixes ExpiringRows in; returns how many
    went, by table name. A step of the caller's transaction."""
    tables = {
        mapper.local_table.name: cls
        for cls in EXPIRING
        if (mapper := inspect(cls, raiseerr=False)) is not None  # a mixin has no table
    }
    return {name: tables[name].prune() for name in sorted(tables)}

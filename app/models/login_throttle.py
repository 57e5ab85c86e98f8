"""Failed logins counted per address, from any client: the brake on guessing one account's
password from many addresses at once."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, delete, select, update
from sqlalchemy.orm import Mapped, mapped_column

from app import db
from app.models.columns import UTCDateTime
from app.persistence.unique import insert_or_else


class LoginThrottle(db.Model):  # type: ignore[name-defined,misc]
    """One address's failed logins in the current episode, and until when its logins wait.

    Keyed by a hash of the address as typed, whether an account has it or not, so an unknown
    address is slowed exactly like a known one.
    """

    __tablename__ = "login_throttle"

    address_hash: Mapped[str] = mapped_column(db.String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    owner_notified: Mapped[bool] = mapped_column(default=False)  # once an episode

    @classmethod
    def blocked_until_for(cls, address_hash: str, now: datetime) -> datetime | None:
        """When logins for this address may go on, if they must wait now."""
        query = select(cls.blocked_until).where(
            cls.address_hash == address_hash, cls.blocked_until > now
        )
        return db.session.scalar(query)

    @classmethod
    def count_failure(cls, address_hash: str, now: datetime, window: timedelta) -> LoginThrottle:
        """One more failure, in one atomic statement whatever the number of processes; a
        failure more than `window` after the last one starts a new episode."""
        stale = cls.last_failed_at < now - window
        statement = insert_or_else(cls).values(
            address_hash=address_hash, failures=1, last_failed_at=now, owner_notified=False
        )
        db.session.execute(
            statement.on_conflict_do_update(
                index_elements=["address_hash"],
                set_={
                    "failures": case((stale, 1), else_=cls.failures + 1),
                    "last_failed_at": now,
                    "owner_notified": case((stale, False), else_=cls.owner_notified),
                    "blocked_until": case((stale, None), else_=cls.blocked_until),
                },
            )
        )
        row = db.session.scalar(
            select(cls)
            .where(cls.address_hash == address_hash)
            .execution_options(populate_existing=True)
        )
        assert row is not None  # just written
        return row

    @classmethod
    def clear(cls, address_hash: str) -> None:
        """A success, or a new password: the episode is over."""
        db.session.execute(delete(cls).where(cls.address_hash == address_hash))

    @classmethod
    def block(cls, address_hash: str, until: datetime) -> None:
        db.session.execute(
            update(cls).where(cls.address_hash == address_hash).values(blocked_until=until)
        )

"""The mail outbox: messages stored with the change that caused them, sent later with retries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Mapped, mapped_column

from app import db
from app.models.columns import UTCDateTime


class OutboxMessage(db.Model):  # type: ignore[name-defined,misc]
    """One email waiting for delivery; `sealed` is its subject and body, encrypted."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(db.String(255))
    sealed: Mapped[bytes] = mapped_column(db.LargeBinary())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # When a sender may next take it: retries back off, and a taken message is leased.
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(db.String(300))
    # Set when no retry can deliver it (its composer is gone): kept for an operator to read.
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"<OutboxMessage id={self.id} attempts={self.attempts}>"

    @classmethod
    def due_ids(cls, now: datetime, limit: int) -> list[int]:
        """Oldest first, the ids of messages whose next attempt has come."""
        due = (cls.next_attempt_at <= now) & cls.failed_at.is_(None)
        query = select(cls.id).where(due).order_by(cls.id).limit(limit)
        return list(db.session.scalars(query))

    @classmethod
    def take(cls, message_id: int, now: datetime, lease_until: datetime) -> OutboxMessage | None:
        """Lease a due message to this sender; None when another sender took it first."""
        taken = db.session.execute(
            update(cls)
            .where(cls.id == message_id, cls.next_attempt_at <= now)
            .values(next_attempt_at=lease_until, attempts=cls.attempts + 1)
        )
        if taken.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE gives a CursorResult
            return None
        return db.session.get(cls, message_id, populate_existing=True)

    @classmethod
    def remove(cls, message_id: int) -> None:
        """Forget a delivered message: its body may hold a live link."""
        db.session.execute(delete(cls).where(cls.id == message_id))

"""The audit trail: who did what to whom, when, from where; written with the change it records."""

from datetime import datetime

from sqlalchemy import Index, delete
from sqlalchemy.orm import Mapped, mapped_column

from app import db
from app.models.collection_count import CollectionCount, keep_count
from app.models.columns import UTCDateTime


class AuditEvent(db.Model):  # type: ignore[name-defined,misc]
    """One security event; `details` is JSON of plain values, never a secret."""

    __tablename__ = "audit_event"
    # Newest first, whole or for one event or one user: each reads an index from its end.
    __table_args__ = (
        Index("ix_audit_event_event_id", "event", "id"),
        Index("ix_audit_event_actor_id", "actor", "id"),
        Index("ix_audit_event_subject_id", "subject", "id"),
        Index("ix_audit_event_refusal_bucket", "refusal_bucket", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    event: Mapped[str] = mapped_column(db.String(40))
    actor: Mapped[str | None] = mapped_column(db.String(36))  # public ids, kept after deletion
    subject: Mapped[str | None] = mapped_column(db.String(36))
    ip: Mapped[str] = mapped_column(db.String(45), default="")
    client: Mapped[str] = mapped_column(db.String(200), default="")
    request_id: Mapped[str | None] = mapped_column(db.String(64))
    details: Mapped[str] = mapped_column(db.Text(), default="{}")
    # A requests_refused row counts the refusals of one client address, kind and minute, which
    # this key names; null on every other row.
    refusal_bucket: Mapped[str | None] = mapped_column(db.String(120))
    times: Mapped[int | None] = mapped_column()

    def __repr__(self) -> str:
        return f"<AuditEvent {self.event} actor={self.actor} subject={self.subject}>"

    @classmethod
    def prune(cls, before: datetime) -> int:
        """Delete events older than `before`, keeping the row count right; returns how many."""
        result = db.session.execute(delete(cls).where(cls.at < before))
        removed: int = result.rowcount  # type: ignore[attr-defined]  # a DELETE's CursorResult
        CollectionCount.add("audit_event", -removed)
        return removed


keep_count(AuditEvent, "audit_event")

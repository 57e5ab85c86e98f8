"""Codes we emailed to an account's address, by their keyed hash: one per user and purpose."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, ForeignKey, delete, select, update
from sqlalchemy.orm import Mapped, mapped_column

from app import db
from app.models.columns import UTCDateTime
from app.models.expiring import ExpiringRows
from app.persistence.unique import insert_or_else


class EmailCode(ExpiringRows, db.Model):  # type: ignore[name-defined,misc]
    """The live code of one purpose (signing in, a second step, …) for one user: asking again
    replaces it, so only the newest works. Each try is counted before it is checked."""

    __tablename__ = "email_code"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("site_user.id", ondelete="CASCADE"), primary_key=True
    )
    purpose: Mapped[str] = mapped_column(db.String(20), primary_key=True)
    # The jti of the mfa_token whose second step it is for; "" for any other purpose.
    challenge: Mapped[str] = mapped_column(db.String(36), default="")
    code_hash: Mapped[str] = mapped_column(db.String(64))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    tries: Mapped[int] = mapped_column(default=0)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @classmethod
    def replace(cls, row: dict[str, object], sent_before: datetime) -> bool:
        """Store the code `row` describes in place of the user's code of that purpose, unless
        that one was sent at `sent_before` or later; False then. One atomic statement."""
        fresh = {"tries": 0, "used_at": None, **row}
        statement = insert_or_else(cls).values(**fresh)
        stored = db.session.execute(
            statement.on_conflict_do_update(
                index_elements=["user_id", "purpose"],
                set_={
                    key: value for key, value in fresh.items() if key not in ("user_id", "purpose")
                },
                where=cls.sent_at < sent_before,
            ).returning(cls.user_id)
        )
        return stored.first() is not None

    @classmethod
    def sent_at_of(cls, user_id: int, purpose: str) -> datetime | None:
        return db.session.scalar(
            select(cls.sent_at).where(cls.user_id == user_id, cls.purpose == purpose)
        )

    @classmethod
    def take_try(
        cls, user_id: int, purpose: str, challenge: str, now: datetime, max_tries: int
    ) -> bool:
        """Count one try against the live code (sent for `challenge`) before it is checked;
        False when there is none, or it is used, expired or out of tries: a try for another
        sign-in costs this one nothing. One UPDATE: racing tries each take their own."""
        taken = db.session.execute(
            update(cls)
            .where(*cls._live(user_id, purpose, now), cls.challenge == challenge)
            .where(cls.tries < max_tries)
            .values(tries=cls.tries + 1)
        )
        return taken.rowcount == 1  # type: ignore[attr-defined]

    @classmethod
    def use(cls, user_id: int, purpose: str, code_hash: str, challenge: str, now: datetime) -> bool:
        """Spend the live code if it is this one, for this challenge; atomic."""
        used = db.session.execute(
            update(cls)
            .where(*cls._live(user_id, purpose, now), cls.challenge == challenge)
            .where(cls.code_hash == code_hash)
            .values(used_at=now)
        )
        return used.rowcount == 1  # type: ignore[attr-defined]

    @classmethod
    def forget_all_of(cls, user_id: int, purposes: tuple[str, ...] = ()) -> None:
        """Every code of the user's (of `purposes`, if given) stops working."""
        which = (cls.purpose.in_(purposes),) if purposes else ()
        db.session.execute(delete(cls).where(cls.user_id == user_id, *which))

    @classmethod
    def _live(cls, user_id: int, purpose: str, now: datetime) -> tuple[ColumnElement[bool], ...]:
        return (
            cls.user_id == user_id,
            cls.purpose == purpose,
            cls.used_at.is_(None),
            cls.expires_at > now,
        )

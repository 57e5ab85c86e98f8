"""Refresh tokens: one row per issued token, grouped by login (family) for rotation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, select, update
from sqlalchemy.orm import Mapped, aliased, mapped_column

from app import db
from app.models.columns import UTCDateTime
from app.models.expiring import ExpiringRows
from app.util.datetime_util import utc_now


class RefreshToken(ExpiringRows, db.Model):  # type: ignore[name-defined,misc]
    """An issued refresh token; `revoked_at` is set when it is spent or its family revoked."""

    __tablename__ = "refresh_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    jti: Mapped[str] = mapped_column(db.String(36), unique=True, index=True)
    family: Mapped[str] = mapped_column(db.String(36), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("site_user.id", ondelete="CASCADE"), index=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The token issued when this one was spent: a retry within the grace window gets it again.
    successor_jti: Mapped[str | None] = mapped_column(db.String(36))

    def __repr__(self) -> str:
        return f"<RefreshToken jti={self.jti} family={self.family} revoked_at={self.revoked_at}>"

    @classmethod
    def spend(cls, jti: str, successor_jti: str) -> bool:
        """Mark the token used for `successor_jti`; False when it already was (or was revoked).
        One atomic UPDATE: of racing requests, one wins."""
        spent = db.session.execute(
            update(cls)
            .where(cls.jti == jti, cls.revoked_at.is_(None))
            .values(revoked_at=utc_now(), successor_jti=successor_jti)
        )
        return spent.rowcount == 1  # type: ignore[attr-defined]  # an UPDATE gives a CursorResult

    @classmethod
    def unspent_successor(cls, jti: str, spent_after: datetime) -> RefreshToken | None:
        """The successor of the token `jti`, if that was spent after `spent_after` and the
        successor is not spent (nor revoked) itself."""
        spent = aliased(cls)
        query = (
            select(cls)
            .join(spent, spent.successor_jti == cls.jti)
            .where(spent.jti == jti, spent.revoked_at > spent_after, cls.revoked_at.is_(None))
        )
        return db.session.scalar(query)

    @classmethod
    def is_unspent(cls, jti: str) -> bool:
        """True while the token is neither spent nor revoked: the newest of its chain."""
        unspent = select(cls.id).where(cls.jti == jti, cls.revoked_at.is_(None))
        return db.session.scalar(unspent) is not None

    @classmethod
    def revoke_family(cls, family: str) -> None:
        """Revoke every token of one login chain still usable."""
        db.session.execute(
            update(cls)
            .where(cls.family == family, cls.revoked_at.is_(None))
            .values(revoked_at=utc_now())
        )

"""Revoked access tokens: one row per token id (`jti`), looked up by its unique index."""

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from app import db
from app.models.columns import UTCDateTime
from app.models.expiring import ExpiringRows
from app.util.datetime_util import utc_now


class BlacklistedToken(ExpiringRows, db.Model):  # type: ignore[name-defined,misc]
    """A token revoked before its expiry."""

    __tablename__ = "token_blacklist"

    id: Mapped[int] = mapped_column(primary_key=True)
    jti: Mapped[str] = mapped_column(db.String(36), unique=True, index=True)
    blacklisted_on: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)

    def __repr__(self) -> str:
        return f"<BlacklistedToken jti={self.jti} expires_at={self.expires_at.isoformat()}>"

    @classmethod
    def revoke(cls, jti: str, expires_at: datetime) -> None:
        """Record the revocation; revoking twice (two logouts racing) is not an error."""
        db.session.add(cls(jti=jti, expires_at=expires_at))
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()

"""Revoked access tokens: one row per token id (`jti`), looked up by its unique index."""

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from app import db
from app.models.columns import UTCDateTime
from app.models.expiring import ExpiringRows
from app.persistence.unique import insert_or_else
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
        """Record the revocation; a second one (two logouts racing) changes nothing.

        ON CONFLICT rather than catching IntegrityError, which would abort the caller's
        transaction and everything else it holds.
        """
        statement = insert_or_else(cls).values(
            jti=jti, expires_at=expires_at, blacklisted_on=utc_now()
        )
        db.session.execute(statement.on_conflict_do_nothing(index_elements=["jti"]))

"""The email factor of a user: codes sent to the account's address finish a sign-in."""

from datetime import datetime

from sqlalchemy import ForeignKey, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from app import db
from app.models.columns import UTCDateTime


class EmailFactor(db.Model):  # type: ignore[name-defined,misc]
    """On once a code sent to the address came back (confirmed_at); pending until then."""

    __tablename__ = "email_factor"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("site_user.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @classmethod
    def is_on_for(cls, user_id: int) -> bool:
        confirmed = select(cls.confirmed_at).where(cls.user_id == user_id)
        return db.session.scalar(confirmed) is not None

    @classmethod
    def forget(cls, user_id: int) -> None:
        db.session.execute(delete(cls).where(cls.user_id == user_id))

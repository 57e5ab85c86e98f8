"""Personal access tokens: long-lived, narrow, revocable credentials for scripts."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import ForeignKey, bindparam, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from app import db
from app.models.columns import UTCDateTime
from app.models.revocable import RevocableRows
from app.models.user import Account, User
from app.persistence.reads import read

TOUCH_INTERVAL = timedelta(minutes=1)  # last_used_at is written at most this often


class PersonalToken(RevocableRows, db.Model):  # type: ignore[name-defined,misc]
    """A user's personal token: its name, scopes and lifetime, and only its secret's hash."""

    __tablename__ = "personal_token"

    id: Mapped[str] = mapped_column(db.String(36), primary_key=True)  # public: in URLs
    user_id: Mapped[int] = mapped_column(ForeignKey("site_user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(db.String(100))
    token_hash: Mapped[str] = mapped_column(db.String(64), unique=True)
    scopes: Mapped[str] = mapped_column(db.String(200))  # space-separated permissions
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_used_ip: Mapped[str | None] = mapped_column(db.String(45))

    @classmethod
    def live_of(cls, user_id: int, now: datetime) -> list[PersonalToken]:
        """The user's tokens that still work, oldest first."""
        query = (
            select(cls)
            .where(cls.user_id == user_id, cls.revoked_at.is_(None), cls.expires_at > now)
            .order_by(cls.created_at, cls.id)
        )
        return list(db.session.scalars(query))

    @classmethod
    def find_standing(cls, token_hash: str) -> PersonalStanding | None:
        """The token with this hash and its user, in one statement on the read connection."""
        row = read(_STANDING, {"token_hash": token_hash}).one_or_none()
        if row is None:
            return None
        *account, token_id, scopes, expires_at, revoked_at, last_used_at = row
        return PersonalStanding(
            Account(*account), token_id, scopes, expires_at, revoked_at, last_used_at
        )

    @classmethod
    def revoke(cls, token_id: str, now: datetime) -> None:
        """Revoke one token, unless it is revoked already."""
        db.session.execute(
            update(cls).where(cls.id == token_id, cls.revoked_at.is_(None)).values(revoked_at=now)
        )

    @classmethod
    def touch(cls, token_id: str, now: datetime, ip: str) -> bool:
        """Note a use, unless one was noted within TOUCH_INTERVAL; True when it wrote."""
        touched = db.session.execute(
            update(cls)
            .where(
                cls.id == token_id,
                or_(cls.last_used_at.is_(None), cls.last_used_at < now - TOUCH_INTERVAL),
            )
            .values(last_used_at=now, last_used_ip=ip)
        )
        return touched.rowcount == 1  # type: ignore[attr-defined]


class PersonalStanding(NamedTuple):
    """What the database says about a personal token, and its user."""

    account: Account
    token_id: str
    scopes: str
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


_STANDING = (
    select(
        *(User.__table__.c[name] for name in Account._fields),
        PersonalToken.id,
        PersonalToken.scopes,
        PersonalToken.expires_at,
        PersonalToken.revoked_at,
        PersonalToken.last_used_at,
    )
    .join(User, User.id == PersonalToken.user_id)
    .where(PersonalToken.token_hash == bindparam("token_hash"))
)

"""Invitations to register: an address, the roles it will have, and only the token's SHA-256."""

from __future__ import annotations

from datetime import datetime
from hashlib import sha256

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from app import db
from app.models.columns import UTCDateTime
from app.models.expiring import SingleUseRows


class Invitation(SingleUseRows, db.Model):  # type: ignore[name-defined,misc]
    """One address invited, until it registers once or the invitation expires or is revoked
    (the row is deleted then)."""

    __tablename__ = "invitation"

    token_hash: Mapped[str] = mapped_column(db.String(64), primary_key=True)
    id: Mapped[str] = mapped_column(db.String(36), unique=True)  # public: in URLs
    email: Mapped[str] = mapped_column(db.String(255), index=True)  # as accounts keep it
    roles: Mapped[str] = mapped_column(db.String(100))  # comma-separated, in ROLES order
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @property
    def role_names(self) -> list[str]:
        return self.roles.split(",")

    @classmethod
    def pending(cls, now: datetime, *which: ColumnElement[bool]) -> list[Invitation]:
        """The invitations that may still be used (those `which` selects), oldest first."""
        query = select(cls).where(cls.used_at.is_(None), cls.expires_at > now, *which)
        return list(db.session.scalars(query.order_by(cls.created_at, cls.id)))

    @classmethod
    def find_pending(cls, now: datetime, *which: ColumnElement[bool]) -> Invitation | None:
        """The oldest pending invitation that `which` selects, without using it."""
        return next(iter(cls.pending(now, *which)), None)

    @classmethod
    def withdraw_pending_of(cls, email: str, now: datetime) -> None:
        """Delete the address's pending invitations: a new one replaces them, and an account
        made without them leaves them nothing to do."""
        db.session.execute(
            delete(cls).where(cls.email == email, cls.used_at.is_(None), cls.expires_at > now)
        )


def token_digest(token: str) -> str:
    """What is stored of an invitation's token: its SHA-256 (the token has 256 random bits)."""
    return sha256(token.encode()).hexdigest()

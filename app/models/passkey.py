"""Passkeys (WebAuthn credentials) and the one-time challenges their ceremonies answer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, select
from sqlalchemy.orm import Mapped, mapped_column

from app import db
from app.models.columns import UTCDateTime
from app.models.expiring import SingleUseRows


class Passkey(db.Model):  # type: ignore[name-defined,misc]
    """A user's passkey: its credential id and public key, and the signature counter seen."""

    __tablename__ = "passkey"

    id: Mapped[str] = mapped_column(db.String(36), primary_key=True)  # public: in URLs
    user_id: Mapped[int] = mapped_column(ForeignKey("site_user.id", ondelete="CASCADE"), index=True)
    credential_id: Mapped[bytes] = mapped_column(db.LargeBinary(), unique=True)
    public_key: Mapped[bytes] = mapped_column(db.LargeBinary())
    sign_count: Mapped[int] = mapped_column(db.BigInteger(), default=0)
    name: Mapped[str] = mapped_column(db.String(100))
    backed_up: Mapped[bool] = mapped_column(default=False)  # synced: a software key (amr swk)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @classmethod
    def of(cls, user_id: int) -> list[Passkey]:
        """The user's passkeys, oldest first."""
        query = select(cls).where(cls.user_id == user_id).order_by(cls.created_at, cls.id)
        return list(db.session.scalars(query))

    @classmethod
    def by_credential(cls, credential_id: bytes) -> Passkey | None:
        return db.session.scalar(select(cls).where(cls.credential_id == credential_id))


class WebAuthnChallenge(SingleUseRows, db.Model):  # type: ignore[name-defined,misc]
    """A challenge sent to a browser; the answer names it in its clientDataJSON."""

    __tablename__ = "webauthn_challenge"

    challenge: Mapped[str] = mapped_column(db.String(100), primary_key=True)  # base64url
    purpose: Mapped[str] = mapped_column(db.String(20))  # register, login, mfa
    user_id: Mapped[int | None] = mapped_column(ForeignKey("site_user.id", ondelete="CASCADE"))

"""Device codes of the device authorization grant (RFC 8628): a device's request, waiting for a
person to enter its user code on /device and decide, then exchanged once for tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, ForeignKey, select, update
from sqlalchemy.orm import Mapped, mapped_column

from app import db
from app.models.columns import UTCDateTime
from app.models.oauth_grant import GrantedRows


@dataclass(frozen=True)
class Approval:
    """Who allowed a device code, and how they had signed in (the ID token's auth_time, amr
    and sid)."""

    user_id: int
    auth_time: datetime
    amr: list[str]
    signed_in_session: str


class DeviceCode(GrantedRows, db.Model):  # type: ignore[name-defined,misc]
    """A device code, stored as its SHA-256, and its user code: undecided until a person allows
    (`user_id` and their sign-in) or denies it; it works once (`used_at`), within its
    lifetime. `last_polled_at` tells a device that polls too fast to slow down;
    `session_id` is the login session its exchange started."""

    __tablename__ = "device_code"

    code_hash: Mapped[str] = mapped_column(db.String(64), primary_key=True)
    user_code: Mapped[str] = mapped_column(db.String(8), unique=True)
    client_id: Mapped[str] = mapped_column(
        ForeignKey("oauth_client.client_id", ondelete="CASCADE"), index=True
    )
    scope: Mapped[str] = mapped_column(db.String(400))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("site_user.id", ondelete="CASCADE"), index=True
    )
    auth_time: Mapped[datetime | None] = mapped_column(UTCDateTime())
    amr: Mapped[str | None] = mapped_column(db.String(40))
    signed_in_session: Mapped[str | None] = mapped_column(db.String(36))
    denied: Mapped[bool] = mapped_column(default=False)
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    session_id: Mapped[str | None] = mapped_column(db.String(36))

    @classmethod
    def find(cls, code_hash: str, client_id: str) -> DeviceCode | None:
        query = select(cls).where(cls.code_hash == code_hash, cls.client_id == client_id)
        return db.session.scalar(query)

    @classmethod
    def user_code_taken(cls, user_code: str) -> bool:
        query = select(cls.code_hash).where(cls.user_code == user_code)
        return db.session.scalar(query) is not None

    @classmethod
    def undecided(cls, user_code: str, now: datetime) -> DeviceCode | None:
        """The live device code of `user_code` that no one allowed or denied yet."""
        return db.session.scalar(select(cls).where(cls._undecided(now), cls.user_code == user_code))

    @classmethod
    def decide(cls, code_hash: str, now: datetime, approval: Approval | None) -> bool:
        """Allow the code (`approval`) or deny it (None), once: one UPDATE, so of two people
        deciding at once, one wins; False when it was decided, spent or expired before."""
        values = (
            {"denied": True}
            if approval is None
            else {
                "user_id": approval.user_id,
                "auth_time": approval.auth_time,
                "amr": ",".join(approval.amr),
                "signed_in_session": approval.signed_in_session,
            }
        )
        decided = db.session.execute(
            update(cls).where(cls._undecided(now), cls.code_hash == code_hash).values(**values)
        )
        return decided.rowcount == 1  # type: ignore[attr-defined]  # an UPDATE's CursorResult

    @classmethod
    def _undecided(cls, now: datetime) -> ColumnElement[bool]:
        return (
            cls.user_id.is_(None)
            & cls.denied.is_(False)
            & cls.used_at.is_(None)
            & (cls.expires_at > now)
        )

    def approval(self) -> Approval | None:
        """Who allowed it and how they had signed in; None while undecided or when denied."""
        if self.user_id is None or self.auth_time is None or self.signed_in_session is None:
            return None
        amr = (self.amr or "").split(",")
        return Approval(self.user_id, self.auth_time, amr, self.signed_in_session)

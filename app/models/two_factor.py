"""Two-factor authentication: a user's TOTP secret, recovery codes, and pending two-step logins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, delete, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from app import db
from app.models.columns import UTCDateTime
from app.models.expiring import SingleUseRows


class TotpFactor(db.Model):  # type: ignore[name-defined,misc]
    """A user's authenticator app: its secret, sealed; on once confirmed with a code."""

    __tablename__ = "totp_factor"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("site_user.id", ondelete="CASCADE"), primary_key=True
    )
    sealed_secret: Mapped[bytes] = mapped_column(db.LargeBinary())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The newest time step a code was accepted for: an older or the same one is a replay.
    last_step: Mapped[int | None] = mapped_column(db.BigInteger())

    @classmethod
    def claim_step(cls, user_id: int, step: int) -> bool:
        """Accept a code of time step `step` once: False when it, or a later one, was used."""
        claimed = db.session.execute(
            update(cls)
            .where(cls.user_id == user_id, or_(cls.last_step.is_(None), cls.last_step < step))
            .values(last_step=step)
        )
        return claimed.rowcount == 1  # type: ignore[attr-defined]  # an UPDATE's CursorResult


class RecoveryCode(db.Model):  # type: ignore[name-defined,misc]
    """One recovery code, by its hash: it works once, instead of a code from the app."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("site_user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(db.String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @classmethod
    def use(cls, user_id: int, code_hash: str, now: datetime) -> bool:
        """Spend the user's unused code with this hash; False when there is none. Atomic."""
        used = db.session.execute(
            update(cls)
            .where(cls.user_id == user_id, cls.code_hash == code_hash, cls.used_at.is_(None))
            .values(used_at=now)
        )
        return used.rowcount == 1  # type: ignore[attr-defined]

    @classmethod
    def forget_all_of(cls, user_id: int) -> None:
        db.session.execute(delete(cls).where(cls.user_id == user_id))


class MfaChallenge(SingleUseRows, db.Model):  # type: ignore[name-defined,misc]
    """A login whose password was right, waiting for its second factor; one per mfa_token.

    Each code sent takes one of its MAX attempts before it is checked (take_attempt), so
    however many arrive at once, no more than MAX are ever checked."""

    __tablename__ = "mfa_challenge"

    jti: Mapped[str] = mapped_column(db.String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("site_user.id", ondelete="CASCADE"), index=True)
    # Codes sent so far, each counted before it is checked (take_attempt): at MAX it is over.
    failures: Mapped[int] = mapped_column(default=0)
    # The RFC 8176 amr of the first step: pwd (a password) or fed (a provider).
    first_factor: Mapped[str] = mapped_column(db.String(10), default="pwd", server_default="pwd")
    # The scope the login asked for (the OAuth 2.0 password grant's), kept for its session.
    scope: Mapped[str] = mapped_column(db.String(200), default="", server_default="")

    @classmethod
    def find_open(cls, jti: str, now: datetime, max_failures: int) -> MfaChallenge | None:
        """The challenge, while it is unused, unexpired and has failures to spare."""
        query = select(cls).where(
            cls.jti == jti,
            cls.used_at.is_(None),
            cls.expires_at > now,
            cls.failures < max_failures,
        )
        return db.session.scalar(query)

    @classmethod
    def take_attempt(cls, jti: str, now: datetime, max_attempts: int) -> bool:
        """Count one more code against the challenge before checking it; False when it is
        used, expired or out of attempts. One UPDATE, so racing requests each take their own."""
        taken = db.session.execute(
            update(cls)
            .where(
                cls.jti == jti,
                cls.used_at.is_(None),
                cls.expires_at > now,
                cls.failures < max_attempts,
            )
            .values(failures=cls.failures + 1)
        )
        return taken.rowcount == 1  # type: ignore[attr-defined]

    @classmethod
    def close(cls, jti: str, now: datetime) -> bool:
        """Use the challenge up after a right code; False when a racing request did. Atomic."""
        closed = db.session.execute(
            update(cls).where(cls.jti == jti, cls.used_at.is_(None)).values(used_at=now)
        )
        return closed.rowcount == 1  # type: ignore[attr-defined]

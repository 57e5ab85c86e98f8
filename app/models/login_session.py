"""Login sessions: one per login, shared by its refresh-token chain and every access token of it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from app import db
from app.models.columns import UTCDateTime
from app.models.expiring import ExpiringRows
from app.models.revocable import RevocableRows

if TYPE_CHECKING:
    from app.models.user import User

CLIENT_LENGTH = 200


class LoginSession(ExpiringRows, RevocableRows, db.Model):  # type: ignore[name-defined,misc]
    """Where and when a person logged in; `id` is the `sid` of its tokens and its refresh family."""

    __tablename__ = "login_session"

    id: Mapped[str] = mapped_column(db.String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("site_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime] = mapped_column(UTCDateTime())  # the last login or refresh
    client: Mapped[str] = mapped_column(db.String(CLIENT_LENGTH), default="")
    ip: Mapped[str] = mapped_column(db.String(45), default="")  # an IPv6 address at most
    # When and how the person last proved who they are in this session (RFC 8176 amr values,
    # comma-separated): what its access tokens say in auth_time and amr.
    auth_time: Mapped[datetime | None] = mapped_column(UTCDateTime())
    amr: Mapped[str] = mapped_column(db.String(40), default="pwd", server_default="pwd")
    # The permissions a client asked to narrow this login to, space-separated; "" when it did
    # not: its tokens may do all that the user's roles allow, today.
    scope: Mapped[str] = mapped_column(db.String(200), default="", server_default="")
    # The OAuth client this login was granted to (the identity provider's authorization code):
    # its scope is then all it may do, and only that client may refresh it.
    client_id: Mapped[str | None] = mapped_column(
        ForeignKey("oauth_client.client_id", ondelete="CASCADE"), index=True
    )
    # The SHA-256 of the hosted pages' cookie secret (app/hosted/session.py), when this login
    # was made there: the cookie lives exactly as long as this row does.
    hosted_secret_hash: Mapped[str | None] = mapped_column(db.String(64), unique=True, index=True)

    def __repr__(self) -> str:
        return f"<LoginSession id={self.id} user_id={self.user_id} revoked_at={self.revoked_at}>"

    @classmethod
    def live_of(cls, user_id: int, now: datetime) -> list[LoginSession]:
        """The user's sessions still in use, newest first."""
        query = (
            select(cls)
            .where(cls.user_id == user_id, cls.revoked_at.is_(None), cls.expires_at > now)
            .order_by(cls.created_at.desc(), cls.id)
        )
        return list(db.session.scalars(query))

    @classmethod
    def find_live(cls, session_id: str, user_id: int, now: datetime) -> LoginSession | None:
        """One of the user's sessions still in use; None for anyone else's, or an ended one."""
        query = select(cls).where(
            cls.id == session_id,
            cls.user_id == user_id,
            cls.revoked_at.is_(None),
            cls.expires_at > now,
        )
        return db.session.scalar(query)

    @classmethod
    def find_hosted(cls, secret_hash: str, now: datetime) -> tuple[LoginSession, User] | None:
        """The live hosted session whose cookie secret hashes to `secret_hash`, and its user,
        in one query: revoked, expired, or cut off by the user's tokens_valid_after, it is None."""
        from app.models.user import User

        query = (
            select(cls, User)
            .join(User, User.id == cls.user_id)
            .where(
                cls.hosted_secret_hash == secret_hash,
                cls.revoked_at.is_(None),
                cls.expires_at > now,
                User.disabled.is_(False),
                or_(User.tokens_valid_after.is_(None), cls.created_at >= User.tokens_valid_after),
            )
        )
        row = db.session.execute(query).first()
        return (row[0], row[1]) if row else None

    @classmethod
    def not_ended(cls, session_id: str) -> bool:
        """Whether the session was not ended (logged out, revoked, signed out): a grant made
        from a sign-in lasts no longer than the sign-in, unless exchanged first."""
        query = select(cls.id).where(cls.id == session_id, cls.revoked_at.is_(None))
        return db.session.scalar(query) is not None

    @classmethod
    def revoke_granted_to(cls, client_id: str, now: datetime) -> None:
        """End every live session granted to the client (its refresh tokens are refused with
        their session)."""
        db.session.execute(
            update(cls)
            .where(cls.client_id == client_id, cls.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    @classmethod
    def seen_before(cls, user_id: int, client: str, ip: str) -> bool:
        """Whether a session of the user's (any still kept) came from this client and address."""
        query = select(cls.id).where(cls.user_id == user_id, cls.client == client, cls.ip == ip)
        return db.session.scalar(query.limit(1)) is not None

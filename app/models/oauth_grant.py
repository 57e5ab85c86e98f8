"""What a person granted a client: a one-time authorization code, and the consent remembered
per user, client and scope."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, delete, select, update
from sqlalchemy.orm import Mapped, mapped_column

from app import db
from app.models.columns import UTCDateTime
from app.models.expiring import SingleUseRows


class GrantedRows(SingleUseRows):
    """Mixin: what a person granted a client and the client has not exchanged yet (a code, an
    allowed device code), ended with what it was granted under."""

    @classmethod
    def spend_granted(cls, client_id: str, now: datetime, user_id: int | None = None) -> None:
        """Use up the client's unexchanged grants (only `user_id`'s, if given): the client was
        narrowed, or the person took their consent back."""
        which = [cls.client_id == client_id, cls.used_at.is_(None)]  # type: ignore[attr-defined]
        if user_id is not None:
            which.append(cls.user_id == user_id)  # type: ignore[attr-defined]
        db.session.execute(update(cls).where(*which).values(used_at=now))


class AuthorizationCode(GrantedRows, db.Model):  # type: ignore[name-defined,misc]
    """A code of /oauth/authorize, stored as its SHA-256: it works once, within 60 seconds,
    for its client, redirect URI and PKCE verifier; `session_id` is the login session its
    exchange started, ended if the code comes back (RFC 6749, 4.1.2)."""

    __tablename__ = "authorization_code"

    code_hash: Mapped[str] = mapped_column(db.String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(
        ForeignKey("oauth_client.client_id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("site_user.id", ondelete="CASCADE"), index=True)
    redirect_uri: Mapped[str] = mapped_column(db.String(500))
    scope: Mapped[str] = mapped_column(db.String(400))
    nonce: Mapped[str | None] = mapped_column(db.String(255))
    code_challenge: Mapped[str] = mapped_column(db.String(128))
    auth_time: Mapped[datetime] = mapped_column(UTCDateTime())
    amr: Mapped[str] = mapped_column(db.String(40))
    signed_in_session: Mapped[str] = mapped_column(db.String(36))  # the hosted sign-in's, for sid
    session_id: Mapped[str | None] = mapped_column(db.String(36))

    @classmethod
    def find(cls, code_hash: str, client_id: str) -> AuthorizationCode | None:
        query = select(cls).where(cls.code_hash == code_hash, cls.client_id == client_id)
        return db.session.scalar(query)

    @classmethod
    def nonce_used(cls, client_id: str, nonce: str) -> bool:
        """Whether a code of this client already carried `nonce` (a replayed request)."""
        query = select(cls.code_hash).where(cls.client_id == client_id, cls.nonce == nonce)
        return db.session.scalar(query.limit(1)) is not None


class Consent(db.Model):  # type: ignore[name-defined,misc]
    """The scopes a user allowed a client, so they are not asked again for them."""

    __tablename__ = "oauth_consent"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("site_user.id", ondelete="CASCADE"), primary_key=True
    )
    client_id: Mapped[str] = mapped_column(
        ForeignKey("oauth_client.client_id", ondelete="CASCADE"), primary_key=True
    )
    scopes: Mapped[str] = mapped_column(db.String(400))  # space-separated
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @classmethod
    def of(cls, user_id: int, client_id: str) -> Consent | None:
        return db.session.get(cls, (user_id, client_id))

    @classmethod
    def all_of(cls, user_id: int) -> list[Consent]:
        query = select(cls).where(cls.user_id == user_id).order_by(cls.granted_at.desc())
        return list(db.session.scalars(query))

    @classmethod
    def withdraw(cls, user_id: int, client_id: str) -> bool:
        """Forget the consent; False when there was none."""
        result = db.session.execute(
            delete(cls).where(cls.user_id == user_id, cls.client_id == client_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

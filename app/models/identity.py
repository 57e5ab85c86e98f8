"""Accounts at OpenID Connect providers linked to users, and the two short-lived steps of a
sign-in with one: the state of a trip to the provider, and the code the front end exchanges."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint, select, update
from sqlalchemy.orm import Mapped, mapped_column

from app import db
from app.models.columns import UTCDateTime
from app.models.expiring import SingleUseRows


class Identity(db.Model):  # type: ignore[name-defined,misc]
    """A provider's account of a user: (provider, subject) names it, never the email."""

    __tablename__ = "identity"
    __table_args__ = (UniqueConstraint("provider", "subject"),)

    id: Mapped[str] = mapped_column(db.String(36), primary_key=True)  # public: in URLs
    user_id: Mapped[int] = mapped_column(ForeignKey("site_user.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(db.String(40))
    subject: Mapped[str] = mapped_column(db.String(255))
    email: Mapped[str | None] = mapped_column(db.String(255))  # as the provider last said
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @classmethod
    def find(cls, provider: str, subject: str) -> Identity | None:
        return db.session.scalar(select(cls).filter_by(provider=provider, subject=subject))

    @classmethod
    def of(cls, user_id: int) -> list[Identity]:
        """The user's identities, oldest first."""
        query = select(cls).where(cls.user_id == user_id).order_by(cls.linked_at, cls.id)
        return list(db.session.scalars(query))


class OidcState(SingleUseRows, db.Model):  # type: ignore[name-defined,misc]
    """A browser's trip to a provider: what the callback checks, and the PKCE verifier."""

    __tablename__ = "oidc_state"

    state: Mapped[str] = mapped_column(db.String(64), primary_key=True)
    provider: Mapped[str] = mapped_column(db.String(40))
    nonce: Mapped[str] = mapped_column(db.String(64))
    code_verifier: Mapped[str] = mapped_column(db.String(128))
    browser_hash: Mapped[str] = mapped_column(db.String(64))  # SHA-256 of the browser's cookie
    # Set when a signed-in user links an identity rather than signing in, from this session.
    link_user_id: Mapped[int | None] = mapped_column(ForeignKey("site_user.id", ondelete="CASCADE"))
    link_session_id: Mapped[str | None] = mapped_column(db.String(36))
    # The front end's page (one of OIDC_RETURN_URLS) the sign-in ends on; None: the first.
    return_page: Mapped[str | None] = mapped_column(db.String(500))

    @classmethod
    def abandon_links_of(cls, user_id: int, now: datetime) -> None:
        """Use up every unfinished trip that would link an identity to the user."""
        db.session.execute(
            update(cls)
            .where(cls.link_user_id == user_id, cls.used_at.is_(None))
            .values(used_at=now)
        )


class OidcSignInCode(SingleUseRows, db.Model):  # type: ignore[name-defined,misc]
    """The one-time code the callback hands the front end; only its SHA-256 is kept."""

    __tablename__ = "oidc_sign_in_code"

    code_hash: Mapped[str] = mapped_column(db.String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("site_user.id", ondelete="CASCADE"))

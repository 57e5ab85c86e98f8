"""OAuth clients: the other apps registered to sign people in through this API, or to call it
on their own behalf. Only each secret's SHA-256 is stored."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import ForeignKey, exists, select
from sqlalchemy.orm import Mapped, mapped_column

from app import db
from app.models.columns import UTCDateTime
from app.models.token_blacklist import BlacklistedToken

NAME_LENGTH = 100
URIS_LENGTH = 4000  # every redirect URI of a client, one per line


class OAuthClient(db.Model):  # type: ignore[name-defined,misc]
    """One registered client and what it may ask for; deleting it ends its tokens."""

    __tablename__ = "oauth_client"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(db.String(64), unique=True)
    name: Mapped[str] = mapped_column(db.String(NAME_LENGTH))
    kind: Mapped[str] = mapped_column(db.String(12))  # "confidential" or "public"
    secret_hash: Mapped[str | None] = mapped_column(db.String(64))  # None for a public client
    redirect_uris: Mapped[str] = mapped_column(db.String(URIS_LENGTH), default="")
    post_logout_redirect_uris: Mapped[str] = mapped_column(db.String(URIS_LENGTH), default="")
    grant_types: Mapped[str] = mapped_column(db.String(200))  # space-separated
    scopes: Mapped[str] = mapped_column(db.String(400))  # space-separated
    first_party: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("site_user.id", ondelete="SET NULL"), nullable=True
    )
    # Tokens issued before this are refused: set when the client loses a grant or a scope, or
    # its secret changes, so narrowing a client ends what it holds rather than waiting.
    tokens_valid_after: Mapped[datetime] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"<OAuthClient client_id={self.client_id} name={self.name!r}>"

    @classmethod
    def find(cls, client_id: str) -> OAuthClient | None:
        return db.session.scalar(select(cls).where(cls.client_id == client_id))

    @classmethod
    def all_by_name(cls) -> list[OAuthClient]:
        return list(db.session.scalars(select(cls).order_by(cls.name, cls.client_id)))

    @classmethod
    def token_standing(cls, client_id: str, jti: str) -> ClientStanding | None:
        """What a client's access token needs checked, in one statement: the client as it is
        now, and whether the token was revoked; None when the client is gone."""
        revoked = exists().where(BlacklistedToken.jti == jti)
        query = select(cls.grant_types, cls.scopes, cls.tokens_valid_after, revoked).where(
            cls.client_id == client_id
        )
        row = db.session.execute(query).one_or_none()
        return None if row is None else ClientStanding(*row)


class ClientStanding(NamedTuple):
    """A client as its token's check reads it."""

    grant_types: str
    scopes: str
    tokens_valid_after: datetime
    revoked: bool

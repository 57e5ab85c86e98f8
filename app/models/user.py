"""Registered users: credentials, admin flag, and the access tokens issued to them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from uuid import uuid4

from flask import current_app
from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import Mapped, mapped_column

from app import bcrypt, db
from app.models.columns import UTCDateTime
from app.models.token_blacklist import BlacklistedToken
from app.util.datetime_util import utc_now
from app.util.jwt_codec import INVALID_TOKEN, TokenClaims, decode_jwt, encode_jwt, token_claims
from app.util.result import Result

BCRYPT_MAX_BYTES = 72
TOKEN_BLACKLISTED = "Token blacklisted. Please log in again."


class User(db.Model):  # type: ignore[name-defined,misc]
    """A person who can log in; `admin` allows writes to widgets."""

    __tablename__ = "site_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(db.String(255), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(db.String(128))
    registered_on: Mapped[datetime] = mapped_column(UTCDateTime())
    admin: Mapped[bool] = mapped_column(default=False)
    public_id: Mapped[str] = mapped_column(db.String(36), unique=True, index=True)
    # Set by logout-all: every token issued before this instant is refused.
    tokens_valid_after: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __init__(self, *, email: str, password: str, admin: bool = False) -> None:
        super().__init__(email=email, admin=admin, public_id=str(uuid4()))
        self.registered_on = utc_now()
        self.password = password

    def __repr__(self) -> str:
        return f"<User email={self.email} public_id={self.public_id} admin={self.admin}>"

    @property
    def password(self) -> str:
        """Write-only: only the bcrypt hash is kept."""
        raise AttributeError("password is write-only")

    @password.setter
    def password(self, password: str) -> None:
        self.password_hash = bcrypt.generate_password_hash(password).decode()

    def check_password(self, password: str) -> bool:
        """True when `password` is this user's."""
        return password_matches(self.password_hash, password)

    def encode_access_token(self) -> str:
        """A signed access token for this user, valid for ACCESS_TOKEN_EXPIRE_SECONDS."""
        now = utc_now()
        expires_at = now + timedelta(seconds=current_app.config["ACCESS_TOKEN_EXPIRE_SECONDS"])
        claims = token_claims(self.public_id, now, expires_at, str(uuid4()), "access")
        return encode_jwt(claims | {"admin": self.admin}, current_app.config["SECRET_KEY"])

    @staticmethod
    def decode_access_token(token: str) -> Result[Bearer]:
        """The user a valid access token speaks for, or why the token is refused."""
        secret_key = current_app.config["SECRET_KEY"]
        return decode_jwt(token, secret_key, "access").on_success(_find_bearer)

    def issued_before_logout_all(self, claims: TokenClaims) -> bool:
        """True for a token this user revoked with logout-all (compared in memory: no query)."""
        return self.tokens_valid_after is not None and claims.issued_at < self.tokens_valid_after

    def log_out_everywhere(self) -> None:
        """Revoke every access and refresh token issued to this user until now."""
        self.tokens_valid_after = utc_now()
        db.session.commit()

    @classmethod
    def find_by_email(cls, email: str) -> User | None:
        """The user registered with `email`, in any letter case."""
        return db.session.scalar(select(cls).filter_by(email=email.strip().lower()))

    @classmethod
    def find_by_public_id(cls, public_id: str) -> User | None:
        """The user a token's `sub` names."""
        return db.session.scalar(select(cls).filter_by(public_id=public_id))


@dataclass(frozen=True)
class Bearer:
    """The user an access token speaks for, and what the token says."""

    user: User
    claims: TokenClaims


# Built once; only the two bound values change from request to request.
_BEARER_QUERY = select(User, exists().where(BlacklistedToken.jti == bindparam("jti"))).where(
    User.public_id == bindparam("public_id")
)


def _find_bearer(claims: TokenClaims) -> Result[Bearer]:
    """One query on every request: the user (existence, admin, cut-off) and the blacklist."""
    values = {"jti": claims.jti, "public_id": claims.public_id}
    row = db.session.execute(_BEARER_QUERY, values).one_or_none()
    if row is None:  # deleted since the token was issued
        return Result.Fail(INVALID_TOKEN)
    user, is_blacklisted = row
    if is_blacklisted or user.issued_before_logout_all(claims):
        return Result.Fail(TOKEN_BLACKLISTED)
    return Result.Ok(Bearer(user, claims))


def password_matches(password_hash: str, password: str) -> bool:
    """Compare with bcrypt; a password past bcrypt's limit cannot match any stored hash."""
    if len(password.encode()) > BCRYPT_MAX_BYTES:
        return False
    return bcrypt.check_password_hash(password_hash, password)


def spend_dummy_password_check(password: str) -> None:
    """Do the bcrypt work of a real check, so an unknown email answers as slowly as a known one."""
    password_matches(_dummy_hash(current_app.config["BCRYPT_LOG_ROUNDS"]), password)


@cache
def _dummy_hash(rounds: int) -> str:
    return bcrypt.generate_password_hash(uuid4().hex, rounds).decode()

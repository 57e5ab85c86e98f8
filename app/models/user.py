"""Registered users: credentials, roles, and the logout-all cut-off of their tokens."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple
from uuid import uuid4

from sqlalchemy import ColumnElement, and_, bindparam, exists, false, func, select, update
from sqlalchemy.orm import Mapped, mapped_column

from app import bcrypt, db
from app.models.collection_count import keep_count
from app.models.columns import UTCDateTime
from app.models.login_session import LoginSession
from app.models.token_blacklist import BlacklistedToken
from app.persistence.reads import read
from app.security.permissions import DEFAULT_ROLES, ROLES, in_order, roles_with_admin
from app.util.datetime_util import utc_now

BCRYPT_MAX_BYTES = 72


class User(db.Model):  # type: ignore[name-defined,misc]
    """A person who can log in; their roles say what they may do (app/security/permissions.py)."""

    __tablename__ = "site_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(db.String(255), unique=True, index=True)
    # None for a user who signs in through a provider and never set a password.
    password_hash: Mapped[str | None] = mapped_column(db.String(128))
    registered_on: Mapped[datetime] = mapped_column(UTCDateTime())
    # Comma-separated, in ROLES order; read with every token check. The admin column mirrors
    # the admin role, so the last-admin rule counts admins by a flag; role_names sets both.
    roles: Mapped[str] = mapped_column(db.String(100), default="user", server_default="user")
    admin_flag: Mapped[bool] = mapped_column("admin", default=False)
    public_id: Mapped[str] = mapped_column(db.String(36), unique=True, index=True)
    # Set by logout-all: every token issued before this instant is refused.
    tokens_valid_after: Mapped[datetime | None] = mapped_column(UTCDateTime())
    email_verified: Mapped[bool] = mapped_column(default=False, server_default=false())
    # A disabled account keeps its data but can neither log in nor use its tokens.
    disabled: Mapped[bool] = mapped_column(default=False, server_default=false())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The one reset token that may still be used: a newer request or a new password replaces it.
    reset_jti: Mapped[str | None] = mapped_column(db.String(36))
    # Likewise the one address change that may still be confirmed.
    email_change_jti: Mapped[str | None] = mapped_column(db.String(36))
    # Two-factor authentication is on (a confirmed TotpFactor): read with every token check.
    mfa_enabled: Mapped[bool] = mapped_column(default=False, server_default=false())

    def __init__(self, *, email: str, password: str | None, admin: bool = False) -> None:
        super().__init__(email=email, public_id=str(uuid4()))
        self.role_names = [*DEFAULT_ROLES, "admin"] if admin else list(DEFAULT_ROLES)
        self.registered_on = utc_now()
        if password is not None:
            self.password = password

    def __repr__(self) -> str:
        return f"<User email={self.email} public_id={self.public_id} admin={self.admin}>"

    @property
    def role_names(self) -> list[str]:
        return self.roles.split(",") if self.roles else []

    @role_names.setter
    def role_names(self, roles: Iterable[str]) -> None:
        """Keep the roles known to ROLES, in its order; the admin flag follows."""
        kept = in_order(roles, ROLES)
        self.roles, self.admin_flag = ",".join(kept), "admin" in kept

    @property
    def admin(self) -> bool:
        """True when admin is one of the roles."""
        return self.admin_flag

    @admin.setter
    def admin(self, admin: bool) -> None:
        """Add or take away the admin role (`flask shell` users do this)."""
        self.role_names = roles_with_admin(self.role_names, admin)

    @property
    def password(self) -> str:
        """Write-only: only the bcrypt hash is kept."""
        raise AttributeError("password is write-only")

    @password.setter
    def password(self, password: str) -> None:
        """Hash and keep; a pending reset link dies with the password it was meant to replace."""
        self.password_hash = bcrypt.generate_password_hash(password).decode()
        self.reset_jti = None

    def check_password(self, password: str) -> bool:
        """True when `password` is this user's; never for a user without one."""
        return self.password_hash is not None and password_matches(self.password_hash, password)

    def issued_before_logout_all(self, issued_at: datetime) -> bool:
        """True for a token this user revoked with logout-all (compared in memory: no query)."""
        return _before_cut_off(issued_at, self.tokens_valid_after)

    @classmethod
    def find_by_email(cls, email: str) -> User | None:
        """The user registered with `email`, in any letter case."""
        return db.session.scalar(select(cls).filter_by(email=email.strip().lower()))

    @classmethod
    def find_by_public_id(cls, public_id: str) -> User | None:
        """The user a token's `sub` names."""
        return db.session.scalar(select(cls).filter_by(public_id=public_id))

    @classmethod
    def claim_reset(cls, user_id: int, jti: str) -> bool:
        """Use up reset token `jti` if it is still the user's pending one. One atomic UPDATE."""
        claimed = db.session.execute(
            update(cls).where(cls.id == user_id, cls.reset_jti == jti).values(reset_jti=None)
        )
        return claimed.rowcount == 1  # type: ignore[attr-defined]  # an UPDATE gives a CursorResult

    @classmethod
    def claim_email_change(cls, user_id: int, jti: str) -> bool:
        """Use up change token `jti` if it is still the user's pending one. One atomic UPDATE."""
        claimed = db.session.execute(
            update(cls)
            .where(cls.id == user_id, cls.email_change_jti == jti)
            .values(email_change_jti=None)
        )
        return claimed.rowcount == 1  # type: ignore[attr-defined]  # an UPDATE gives a CursorResult

    @classmethod
    def lock(cls, user_id: int) -> None:
        """Hold the user's row until commit, so that checks about what they own run one at a
        time: two at once would each count what the other is about to remove."""
        _hold(cls.id == user_id)

    @classmethod
    def count_admins_locked(cls) -> int:
        """How many active (not disabled) admins there are, holding their rows until commit, so
        that two last-admin checks running at once see each other's change, not a stale count."""
        active = (cls.admin_flag.is_(True), cls.disabled.is_(False))
        _hold(*active)
        return db.session.scalar(select(func.count()).select_from(cls).where(*active)) or 0

    @classmethod
    def find_token_standing(cls, public_id: str, jti: str, sid: str) -> TokenStanding | None:
        """The user of an access token, whether it was revoked, and whether its session lives.

        One statement on every request, on the request's read connection: Core rows cost a
        third of what the ORM session would for the same query. None when the user is gone.
        """
        values = {"public_id": public_id, "jti": jti, "sid": sid}
        row = read(_TOKEN_STANDING, values).one_or_none()
        if row is None:
            return None
        *account, blacklisted, session_scope, session_client = row
        return TokenStanding(Account(*account), blacklisted, session_scope, session_client)


class Account(NamedTuple):
    """A user as an access token's check reads them: what the checks and GET /auth/user need.

    Read-only; a route that changes the account loads its User into the ORM session.
    """

    id: int
    public_id: str
    email: str
    admin: bool
    roles: str  # comma-separated
    email_verified: bool
    disabled: bool
    registered_on: datetime
    tokens_valid_after: datetime | None
    mfa_enabled: bool

    def issued_before_logout_all(self, issued_at: datetime) -> bool:
        """True for a token this user revoked with logout-all."""
        return _before_cut_off(issued_at, self.tokens_valid_after)


class TokenStanding(NamedTuple):
    """What the database says about an access token."""

    account: Account
    blacklisted: bool
    session_scope: str | None  # None: the session has ended; "": not narrowed
    session_client: str | None  # the OAuth client the session was granted to, if any


def _hold(*rows: ColumnElement[bool]) -> None:
    """Lock these users' rows until commit with a write that changes nothing: PostgreSQL locks
    the rows, and SQLite, which ignores FOR UPDATE and opens no transaction for a read, takes
    its one write lock, so the caller's counts that follow run one transaction at a time."""
    unchanged = update(User).where(*rows).values(id=User.id)
    db.session.execute(unchanged.execution_options(synchronize_session=False))


def _before_cut_off(issued_at: datetime, tokens_valid_after: datetime | None) -> bool:
    return tokens_valid_after is not None and issued_at < tokens_valid_after


# Built once; only the bound values change from request to request. The session is joined
# once, for both its scope and its client: no live session of the user's leaves both NULL.
_TOKEN_STANDING = (
    select(
        *(User.__table__.c[name] for name in Account._fields),
        exists().where(BlacklistedToken.jti == bindparam("jti")),
        LoginSession.scope,
        LoginSession.client_id,
    )
    .select_from(User)
    .outerjoin(
        LoginSession,
        and_(
            LoginSession.id == bindparam("sid"),
            LoginSession.user_id == User.id,
            LoginSession.revoked_at.is_(None),
        ),
    )
    .where(User.public_id == bindparam("public_id"))
)


def password_matches(password_hash: str, password: str) -> bool:
    """Compare with bcrypt; a password past bcrypt's limit cannot match any stored hash."""
    if len(password.encode()) > BCRYPT_MAX_BYTES:
        return False
    return bcrypt.check_password_hash(password_hash, password)


keep_count(User, "user")

"""What a bearer token speaks for, whichever kind it is: one Bearer value, and the strategy each
kind of token implements to produce it.

A request's token is handed to the first strategy in bearer_strategies.STRATEGIES that
recognises it; only that one checks it, so no caller tests a token's shape. A new kind of
bearer token is a new strategy class and one row in STRATEGIES: the routes' decorators and
introspection take it from there, and mypy points at the one place that must learn how to
revoke it (RFC 7009, auth business).
"""

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Protocol

from app.models.user import Account
from app.security.permissions import permissions_of
from app.security.tokens import Refusal
from app.util.result import Result


class BearerKind(Enum):
    """The kinds of token a route may take as `Authorization: Bearer`; the value names it in
    refusals ("Access token expired.")."""

    ACCESS = "access"  # a JWT of a login session (tokens.py)
    PERSONAL = "personal"  # a personal access token, for scripts (personal_tokens.py)
    CLIENT = "client"  # a client's own access token, acting for no user (client_credentials)


@dataclass(frozen=True)
class Bearer:
    """The account (or, for a client's own token, the client) a bearer token speaks for, and
    what it may do, now."""

    kind: BearerKind
    account: Account | None  # None: a client acting for itself, no person behind it
    token_id: str  # what revokes this token alone: an access token's jti, a personal token's id
    session_id: str | None  # the login session of an access token; None for a personal token
    expires_at: datetime
    scope: frozenset[str] | None  # narrowed at login, or a personal token's; None: not narrowed
    auth_time: datetime | None  # when the user last proved who they are; None: no sign-in
    amr: tuple[str, ...]  # how they proved it (RFC 8176)
    client_id: str | None = None  # the OAuth client it was issued to, if any
    client_scopes: frozenset[str] = frozenset()  # what that client is registered for, now

    @property
    def subject(self) -> str:
        """Whom it speaks for: the user's public id, or the client's id (RFC 9068, 2.2)."""
        return self.account.public_id if self.account else str(self.client_id)

    @property
    def role_permissions(self) -> frozenset[str]:
        """What the user's roles allow today; for a client's own token, what the client is
        registered for today."""
        if self.account is None:
            return self.client_scopes
        return permissions_of(self.account.roles.split(","))

    @property
    def permissions(self) -> frozenset[str]:
        """What the token may do now: its scope, within what the user's roles allow today."""
        allowed = self.role_permissions
        return allowed if self.scope is None else allowed & self.scope


class BearerStrategy(Protocol):
    """How one kind of bearer token is recognised and checked."""

    kind: BearerKind

    def recognises(self, token: str) -> bool:
        """True when `token` is of this kind, or claims to be: cheap, no database read."""

    def authenticate(self, token: str, ip: str | None) -> Result[Bearer, Refusal]:
        """The Bearer of a live token, in one query at most; `ip` notes a use where the kind
        keeps one, unless None (a look that is not a use, such as introspection)."""

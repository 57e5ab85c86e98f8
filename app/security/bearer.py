"""Who a bearer token speaks for: an access token's verified claims, or a personal token's
shape, then one query for the user and the token's standing."""

from dataclasses import dataclass

from app import db
from app.models import PersonalToken, User
from app.models.personal_token import TOUCH_INTERVAL
from app.models.user import Account
from app.security import personal_tokens, tokens
from app.security.permissions import permissions_of
from app.security.tokens import Refusal, TokenClaims, TokenKind
from app.util.datetime_util import utc_now
from app.util.result import Fail, Ok, Result


@dataclass(frozen=True)
class Bearer:
    """The account an access token speaks for, what the token says, and its session's scope."""

    account: Account
    claims: TokenClaims
    scope: frozenset[str] | None  # narrowed at login; None: all that the user's roles allow

    @property
    def role_permissions(self) -> frozenset[str]:
        """What the user's roles allow today."""
        return permissions_of(self.account.roles.split(","))

    @property
    def permissions(self) -> frozenset[str]:
        """What the token may do now: its scope, within what the user's roles allow today."""
        allowed = self.role_permissions
        return allowed if self.scope is None else allowed & self.scope


def authenticate(token: str, ip: str | None) -> Result[Bearer, Refusal]:
    """The user an access or personal token speaks for, checked against the database in one
    query; `ip` is noted as a personal token's last use (at most once a minute), unless None:
    a check that is not a use (introspection)."""
    if personal_tokens.looks_personal(token):
        return _personal_bearer(token, ip)
    return tokens.decode(token, TokenKind.ACCESS).on_success(_find_bearer)


def _personal_bearer(token: str, ip: str | None) -> Result[Bearer, Refusal]:
    """A personal token's user and scopes: a malformed one costs no query."""
    if not personal_tokens.well_formed(token):
        return Fail(Refusal.INVALID)
    found = PersonalToken.find_standing(personal_tokens.token_hash(token))
    if found is None:
        return Fail(Refusal.INVALID)
    if found.account.disabled:
        return Fail(Refusal.DISABLED)
    now = utc_now()
    if found.revoked_at is not None:
        return Fail(Refusal.REVOKED)
    if found.expires_at <= now:
        return Fail(Refusal.EXPIRED)
    due = found.last_used_at is None or found.last_used_at < now - TOUCH_INTERVAL
    if ip is not None and due:
        if PersonalToken.touch(found.token_id, now, ip):
            db.session.commit()  # its own small transaction, before the route's
    claims = TokenClaims(
        TokenKind.PERSONAL, found.account.public_id, found.token_id, now, found.expires_at
    )
    return Ok(Bearer(found.account, claims, frozenset(found.scopes.split())))


def _find_bearer(claims: TokenClaims) -> Result[Bearer, Refusal]:
    """The token's user, unless deleted or disabled, nor the token revoked or its session ended."""
    found = User.find_token_standing(claims.public_id, claims.jti, claims.session_id)
    if found is None:
        return Fail(Refusal.INVALID)
    if found.account.disabled:
        return Fail(Refusal.DISABLED)
    if (
        found.blacklisted
        or found.session_scope is None
        or found.account.issued_before_logout_all(claims.issued_at)
    ):
        return Fail(Refusal.REVOKED)
    scope = frozenset(found.session_scope.split()) if found.session_scope else None
    return Ok(Bearer(found.account, claims, scope))

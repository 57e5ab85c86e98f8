"""Who an access token speaks for: its verified claims, then one query for user and revocation."""

from dataclasses import dataclass

from app.models import User
from app.models.user import Account
from app.security import tokens
from app.security.tokens import Refusal, TokenClaims, TokenKind
from app.util.result import Fail, Ok, Result


@dataclass(frozen=True)
class Bearer:
    """The account an access token speaks for, and what the token says."""

    account: Account
    claims: TokenClaims


def authenticate(token: str) -> Result[Bearer, Refusal]:
    """The user an access token speaks for, checked against the database in one query."""
    return tokens.decode(token, TokenKind.ACCESS).on_success(_find_bearer)


def _find_bearer(claims: TokenClaims) -> Result[Bearer, Refusal]:
    """The token's user, unless deleted or disabled, nor the token revoked or its session ended."""
    found = User.find_token_standing(claims.public_id, claims.jti, claims.session_id)
    if found is None:
        return Fail(Refusal.INVALID)
    if found.account.disabled:
        return Fail(Refusal.DISABLED)
    if (
        found.blacklisted
        or not found.session_live
        or found.account.issued_before_logout_all(claims.issued_at)
    ):
        return Fail(Refusal.REVOKED)
    return Ok(Bearer(found.account, claims))

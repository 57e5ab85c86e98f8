"""Registering, logging in, refreshing and logging out: plain values in, users and tokens out."""

from dataclasses import dataclass

from werkzeug.exceptions import Unauthorized

from app.api.errors import field_error
from app.api.persistence import insert_unique
from app.models import BlacklistedToken, RefreshToken, User
from app.models.user import TOKEN_BLACKLISTED, spend_dummy_password_check
from app.util.datetime_util import format_duration, utc_now
from app.util.jwt_codec import EXPIRED_TOKEN, INVALID_TOKEN, TokenClaims
from app.util.result import Result

WRONG_CREDENTIALS = "email or password does not match"


@dataclass(frozen=True)
class IssuedTokens:
    """The pair a token response carries."""

    access_token: str
    refresh_token: str


def register_user(email: str, password: str, *, admin: bool = False) -> User:
    """Store a new user; the unique index on email, not an earlier lookup, settles a clash."""
    user = User(email=email, password=password, admin=admin)
    insert_unique(user, f"{email} is already registered")
    return user


def log_in(email: str, password: str) -> User:
    """The user with these credentials; unknown email and wrong password look the same."""
    user = User.find_by_email(email)
    if user is None:
        spend_dummy_password_check(password)  # same bcrypt work: timing reveals nothing
        raise Unauthorized(WRONG_CREDENTIALS)
    if not user.check_password(password):
        raise Unauthorized(WRONG_CREDENTIALS)
    return user


def issue_tokens(user: User, family: str | None = None) -> IssuedTokens:
    """A new access token, and a refresh token in `family` (a new login chain when None)."""
    refresh_token = RefreshToken.issue(user.id, user.public_id, family)
    return IssuedTokens(user.encode_access_token(), refresh_token)


def rotate_refresh_token(token: str) -> Result[IssuedTokens]:
    """Spend a refresh token for a new pair; a spent one coming back revokes its whole chain."""
    result = RefreshToken.decode(token)
    if result.failure or result.value is None:
        return Result.Fail(result.error or INVALID_TOKEN)
    claims = result.value
    user = User.find_by_public_id(claims.public_id)
    if user is None:
        return Result.Fail(INVALID_TOKEN)
    if user.issued_before_logout_all(claims):
        return Result.Fail(TOKEN_BLACKLISTED)
    if not RefreshToken.spend(claims.jti):
        RefreshToken.revoke_family(str(claims.family))  # reuse means a copy exists: theft
        return Result.Fail(TOKEN_BLACKLISTED)
    return Result.Ok(issue_tokens(user, claims.family))


def log_out(user: User, claims: TokenClaims, refresh_token: str | None) -> None:
    """Revoke the access token, and the login chain of `refresh_token` when one is sent."""
    family = _family_to_revoke(user, refresh_token) if refresh_token else None
    BlacklistedToken.revoke(claims.jti, claims.expires_at)
    if family:
        RefreshToken.revoke_family(family)


def _family_to_revoke(user: User, refresh_token: str) -> str | None:
    """The chain of the user's own refresh token; None if it expired (nothing left to revoke)."""
    result = RefreshToken.decode(refresh_token)
    if result.error == EXPIRED_TOKEN["refresh"]:
        return None
    if result.value is None or result.value.public_id != user.public_id:
        problem = "Not a refresh token of this user; send the one from your last token response."
        raise field_error("refresh_token", problem)
    return result.value.family


def token_time_left(claims: TokenClaims) -> str:
    """How long the token stays valid, as HH:MM:SS."""
    return format_duration(claims.expires_at - utc_now())

"""Registering, logging in and out: plain values in, users out, werkzeug errors on refusal."""

from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import Conflict, Unauthorized

from app import db
from app.models.token_blacklist import BlacklistedToken
from app.models.user import AccessTokenClaims, User, spend_dummy_password_check
from app.util.datetime_util import format_duration, utc_now

WRONG_CREDENTIALS = "email or password does not match"


def register_user(email: str, password: str, *, admin: bool = False) -> User:
    """Store a new user; the unique index on email, not an earlier lookup, settles a clash."""
    user = User(email=email, password=password, admin=admin)
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(f"{email} is already registered") from None
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


def revoke_token(claims: AccessTokenClaims) -> None:
    """Blacklist the token until it would have expired anyway."""
    BlacklistedToken.revoke(claims.jti, claims.expires_at)


def token_time_left(claims: AccessTokenClaims) -> str:
    """How long the token stays valid, as HH:MM:SS."""
    return format_duration(claims.expires_at - utc_now())

"""The database tables."""

from app.models.token_blacklist import BlacklistedToken
from app.models.user import User

__all__ = ["BlacklistedToken", "User"]

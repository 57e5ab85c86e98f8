"""Signing and checking JWTs: HS256 only, and every token must carry the claims we rely on."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import jwt

from app.util.result import Result

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["sub", "iat", "exp", "jti", "type"]
INVALID_TOKEN = "Invalid token. Please log in again."
EXPIRED_TOKEN = {
    "access": "Access token expired. Please log in again.",
    "refresh": "Refresh token expired. Please log in again.",
}

TokenType = Literal["access", "refresh"]


@dataclass(frozen=True)
class TokenClaims:
    """What a verified token says; `family` groups the refresh tokens of one login."""

    public_id: str
    jti: str
    issued_at: datetime
    expires_at: datetime
    family: str | None = None


def encode_jwt(claims: dict[str, Any], secret_key: str) -> str:
    """Sign `claims` with the app's secret."""
    return jwt.encode(claims, secret_key, algorithm=ALGORITHM)


def decode_jwt(token: str, secret_key: str, token_type: TokenType) -> Result[TokenClaims]:
    """The verified claims of a token of `token_type`, or the message to show the client."""
    try:
        claims = jwt.decode(
            token, secret_key, algorithms=[ALGORITHM], options={"require": REQUIRED_CLAIMS}
        )
    except jwt.ExpiredSignatureError:
        return Result.Fail(EXPIRED_TOKEN[token_type])
    except jwt.InvalidTokenError:  # bad signature, alg "none", garbage, missing claims
        return Result.Fail(INVALID_TOKEN)
    family = claims.get("family")
    # An access token is never a refresh token, nor the reverse (API.md).
    if claims["type"] != token_type or (token_type == "refresh") != isinstance(family, str):
        return Result.Fail(INVALID_TOKEN)
    try:
        issued_at = datetime.fromtimestamp(claims["iat"], UTC)
        expires_at = datetime.fromtimestamp(claims["exp"], UTC)
    except (OverflowError, OSError, ValueError):  # well signed, but past any calendar
        return Result.Fail(INVALID_TOKEN)
    return Result.Ok(TokenClaims(claims["sub"], claims["jti"], issued_at, expires_at, family))


def token_claims(
    public_id: str, issued_at: datetime, expires_at: datetime, jti: str, token_type: TokenType
) -> dict[str, Any]:
    """The registered claims every token carries; `iat` keeps its fraction of a second."""
    return {
        "sub": public_id,
        "iat": issued_at.timestamp(),  # precise, so logout-all cuts tokens issued just before
        "exp": int(expires_at.timestamp()),
        "jti": jti,
        "type": token_type,
    }

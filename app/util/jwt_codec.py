"""Signing and checking JWTs: HS256 only, and every token must carry the claims we rely on."""

from typing import Any

import jwt

from app.util.result import Result

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["sub", "iat", "exp", "jti"]
INVALID_TOKEN = "Invalid token. Please log in again."
EXPIRED_TOKEN = "Access token expired. Please log in again."


def encode_jwt(claims: dict[str, Any], secret_key: str) -> str:
    """Sign `claims` with the app's secret."""
    return jwt.encode(claims, secret_key, algorithm=ALGORITHM)


def decode_jwt(token: str, secret_key: str) -> Result[dict[str, Any]]:
    """The verified claims, or the message to show when the token is expired or not ours."""
    try:
        claims = jwt.decode(
            token, secret_key, algorithms=[ALGORITHM], options={"require": REQUIRED_CLAIMS}
        )
    except jwt.ExpiredSignatureError:
        return Result.Fail(EXPIRED_TOKEN)
    except jwt.InvalidTokenError:  # bad signature, alg "none", garbage, missing claims
        return Result.Fail(INVALID_TOKEN)
    return Result.Ok(claims)

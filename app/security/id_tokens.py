"""OpenID Connect ID tokens: issuing them, reading one back as a logout hint, and the claims each
scope releases (Core 2, 3.1.3.6, 5.4; RP-Initiated Logout 1.0, 2). No HTTP, no database."""

import hashlib
from base64 import urlsafe_b64encode
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import jwt

from app.models.user import User
from app.security.id_token_keys import IdTokenKeys
from app.security.keyring import unverified_kid
from app.security.tokens import is_multi_factor
from app.util.datetime_util import utc_now

# The claims each scope releases, beside `sub`, which every answer carries (Core 5.4).
SCOPE_CLAIMS: dict[str, tuple[str, ...]] = {
    "email": ("email", "email_verified"),
    "profile": ("name",),
}
# Every claim an ID token or userinfo answer of ours may carry, for discovery.
CLAIMS_SUPPORTED = (
    "iss", "sub", "aud", "azp", "exp", "iat", "auth_time", "nonce", "amr", "acr", "at_hash", "sid",
    *(claim for claims in SCOPE_CLAIMS.values() for claim in claims),
)  # fmt: skip


@dataclass(frozen=True)
class IdTokenHint:
    """What a logout needs from an `id_token_hint`: whose, for which client, which session."""

    sub: str
    aud: tuple[str, ...]
    sid: str | None


def issue_id_token(
    keys: IdTokenKeys,
    *,
    issuer: str,
    subject: str,
    client_id: str,
    auth_time: datetime,
    amr: list[str],
    lifetime: timedelta,
    nonce: str | None = None,
    access_token: str | None = None,
    session_id: str | None = None,
    extra_claims: dict[str, Any] | None = None,
) -> str:
    """An ID token for `client_id` (its `aud` and `azp`), signed with the ID-token key."""
    now = utc_now()
    claims: dict[str, Any] = {
        **(extra_claims or {}),
        "iss": issuer,
        "sub": subject,
        "aud": client_id,
        "azp": client_id,
        "iat": int(now.timestamp()),
        "exp": int((now + lifetime).timestamp()),
        "auth_time": int(auth_time.timestamp()),
        "amr": amr,
        "acr": assurance_level(amr),
    }
    optional = {"nonce": nonce, "sid": session_id}
    if access_token is not None:
        optional["at_hash"] = access_token_hash(access_token)
    claims.update({name: value for name, value in optional.items() if value is not None})
    return keys.signing.sign(claims)


def assurance_level(amr: list[str]) -> str:
    """NIST 800-63B's `aal2` after a second factor or a passkey with user verification."""
    return "aal2" if is_multi_factor(amr) else "aal1"


def access_token_hash(access_token: str) -> str:
    """`at_hash`: the left half of the SHA-256 of the token's ASCII, base64url (Core 3.1.3.6)."""
    digest = hashlib.sha256(access_token.encode("ascii")).digest()
    return urlsafe_b64encode(digest[: len(digest) // 2]).rstrip(b"=").decode()


def decode_id_token_hint(keys: IdTokenKeys, token: str, issuer: str) -> IdTokenHint | None:
    """The hint's subject, audience and session if one of our keys signed it for `issuer`;
    expired is fine (RP-Initiated Logout 1.0, 2: a client logs out after the token died)."""
    kid = unverified_kid(token) or ""
    ring = keys.ring_with(kid)
    if ring is None:
        return None
    options = {"verify_exp": False, "verify_aud": False, "require": ["iss", "sub", "aud"]}
    try:
        claims = jwt.decode(
            token,
            ring.verifying_keys[kid],
            [ring.algorithm],  # ours for that key, never the token's (RFC 8725, 3.1)
            options,  # type: ignore[arg-type]  # PyJWT's Options is total
            issuer=issuer,
        )
    except jwt.InvalidTokenError:
        return None
    return _hint(claims)


def _hint(claims: dict[str, Any]) -> IdTokenHint | None:
    """The hint in these verified claims, or None if one has the wrong JSON type, or if it is
    one of our access or refresh tokens (they carry `type`), which an RS256 ring also signs."""
    if "type" in claims:
        return None
    sub, aud, sid = claims["sub"], claims["aud"], claims.get("sid")
    audience = (aud,) if isinstance(aud, str) else tuple(aud) if isinstance(aud, list) else ()
    if not isinstance(sub, str) or not audience or not all(isinstance(a, str) for a in audience):
        return None
    return IdTokenHint(sub, audience, sid if isinstance(sid, str) else None)


def claims_for_scopes(user: User, scopes: list[str]) -> dict[str, Any]:
    """The user's claims the granted scopes release: `sub` always. The account keeps no name of
    its own, so `name` is the address the user signs in with, as the API shows them."""
    values = {"email": user.email, "email_verified": user.email_verified, "name": user.email}
    claims: dict[str, Any] = {"sub": user.public_id}
    for scope in scopes:
        claims.update({claim: values[claim] for claim in SCOPE_CLAIMS.get(scope, ())})
    return claims

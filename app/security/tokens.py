"""The token service: every kind of token the app issues, its claims, key and algorithm.

Every token carries the common claims (iss, aud, sub, iat, exp, jti, type) and a `kid` header;
a kind adds its own claims and names the setting of its lifetime in KINDS. A new kind or a new
claim is a change here alone. The keys come from the key ring (keyring.py). Nothing here touches
the database: business code stores what a token needs stored.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Any
from uuid import uuid4

import jwt

from app.running import extension, setting
from app.security.keyring import KeyRing
from app.util.datetime_util import utc_now
from app.util.result import Fail, Ok, Result

COMMON_CLAIMS = ("iss", "aud", "sub", "iat", "exp", "jti", "type")


class TokenKind(Enum):
    """What a token is for; its `type` claim, so no kind is accepted in place of another."""

    ACCESS = "access"
    REFRESH = "refresh"
    RESET = "reset"  # sent by email; sets a new password once
    VERIFY = "verify"  # sent by email; proves the address it names
    MFA = "mfa"  # a login whose password was right, waiting for its second factor
    EMAIL_CHANGE = "email_change"  # sent to a new address; moves the account there once
    CLIENT_ACCESS = "client_access"  # a client's own, with no user behind it (client_credentials)


class Refusal(Enum):
    """Why a token is refused; callers match on this, never on message text."""

    INVALID = "invalid"  # malformed, badly signed, wrong kind, missing claims, unknown user
    EXPIRED = "expired"
    REVOKED = "revoked"  # logged out, spent, cut off by logout-all, or its session ended
    DISABLED = "disabled"  # the account was disabled by an admin


@dataclass(frozen=True)
class KindSpec:
    """How long a kind lives (a setting's name) and the claims it requires, with their types."""

    lifetime_setting: str
    claim_types: dict[str, type]


KINDS = {
    # auth_time and amr: when and how the user last proved who they are (RFC 9470, RFC 8176)
    # scope: the permissions granted when it was issued (RFC 9068), space-separated
    TokenKind.ACCESS: KindSpec(
        "ACCESS_TOKEN_EXPIRE_SECONDS", {"sid": str, "auth_time": int, "amr": list, "scope": str}
    ),
    TokenKind.REFRESH: KindSpec("REFRESH_TOKEN_EXPIRE_SECONDS", {"family": str}),
    TokenKind.RESET: KindSpec("PASSWORD_RESET_EXPIRE_SECONDS", {}),
    TokenKind.VERIFY: KindSpec("EMAIL_VERIFICATION_EXPIRE_SECONDS", {"email": str}),
    TokenKind.MFA: KindSpec("MFA_TOKEN_EXPIRE_SECONDS", {}),
    TokenKind.EMAIL_CHANGE: KindSpec("EMAIL_CHANGE_EXPIRE_SECONDS", {"email": str}),
    # sub is the client_id too (RFC 9068, 2.2: no resource owner)
    TokenKind.CLIENT_ACCESS: KindSpec(
        "ACCESS_TOKEN_EXPIRE_SECONDS", {"client_id": str, "scope": str}
    ),
}
CLIENT_TOKEN_TYP = "at+jwt"  # RFC 9068, 2.1; a session's access tokens say JWT


@dataclass(frozen=True)
class TokenClaims:
    """What a verified (or just issued) token says; `extra` holds its kind's own claims."""

    kind: TokenKind
    public_id: str
    jti: str
    issued_at: datetime
    expires_at: datetime
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def family(self) -> str:
        """The login session a refresh token belongs to."""
        return str(self.extra["family"])

    @property
    def session_id(self) -> str:
        """The login session an access token belongs to."""
        return str(self.extra["sid"])

    @property
    def scope(self) -> str:
        """The permissions an access token was issued with, space-separated."""
        return str(self.extra["scope"])

    @property
    def auth_time(self) -> datetime:
        """When the user of an access token last proved who they are."""
        return datetime.fromtimestamp(self.extra["auth_time"], UTC)

    @property
    def amr(self) -> list[str]:
        """How they proved it (RFC 8176): pwd, and otp and mfa with a second factor; hwk or
        swk and user with a passkey."""
        return [str(method) for method in self.extra["amr"]]


def is_multi_factor(amr: Iterable[str]) -> bool:
    """A second factor, or a passkey with user verification (a key and a PIN or face)."""
    methods = set(amr)
    return "mfa" in methods or ("user" in methods and bool(methods & {"hwk", "swk"}))


@dataclass(frozen=True)
class IssuedToken:
    """A signed token and the claims in it, for business code to store what it must."""

    token: str
    claims: TokenClaims


def issue_access_token(
    public_id: str, session_id: str, auth_time: datetime, amr: list[str], scope: str
) -> str:
    """An access token of one login session, saying when and how the user last proved who they
    are, and the permissions granted then.

    This API never trusts `scope` alone: it reads the user's roles and the session's scope on
    each request, so a demotion counts at once. Other services ask POST /auth/introspect.
    """
    stamp = int(auth_time.timestamp())
    return issue(
        TokenKind.ACCESS, public_id, sid=session_id, auth_time=stamp, amr=amr, scope=scope
    ).token


def issue_refresh_token(
    public_id: str, family: str, jti: str | None = None, expires_at: datetime | None = None
) -> IssuedToken:
    """A refresh token in the login chain `family`: a new one, or the one with `jti` and
    `expires_at` issued before, signed again."""
    return issue(TokenKind.REFRESH, public_id, jti=jti, expires_at=expires_at, family=family)


def issue_client_token(client_id: str, scope: str) -> IssuedToken:
    """A client's own access token (client_credentials): it acts for no user, with `scope`,
    for as long as the client keeps that grant and those scopes."""
    return issue(
        TokenKind.CLIENT_ACCESS, client_id, typ=CLIENT_TOKEN_TYP, client_id=client_id, scope=scope
    )


def issue_reset_token(public_id: str) -> IssuedToken:
    """A password reset token; the user row keeps its jti, so only the newest one works."""
    return issue(TokenKind.RESET, public_id)


def issue_verification_token(public_id: str, email: str) -> str:
    """A token that proves its user reads mail sent to `email`, their current address."""
    return issue(TokenKind.VERIFY, public_id, email=email).token


def issue_email_change_token(public_id: str, new_email: str) -> IssuedToken:
    """A token that proves its user reads mail at `new_email`; the user row keeps its jti, so
    only the newest one works."""
    return issue(TokenKind.EMAIL_CHANGE, public_id, email=new_email)


def issue_mfa_token(public_id: str) -> IssuedToken:
    """The token of a login waiting for its second factor; its jti names the stored challenge."""
    return issue(TokenKind.MFA, public_id)


def issue(
    kind: TokenKind,
    public_id: str,
    *,
    jti: str | None = None,
    expires_at: datetime | None = None,
    typ: str = "JWT",
    **extra: Any,
) -> IssuedToken:
    """Sign a token of `kind` for the user `public_id`, valid for the kind's lifetime from now
    (or until `expires_at`), with a new jti (or `jti`)."""
    now = utc_now()
    lifetime = timedelta(seconds=setting(KINDS[kind].lifetime_setting))
    expires_at = expires_at or (now + lifetime).replace(microsecond=0)  # `exp`: whole seconds
    claims = TokenClaims(kind, public_id, jti or str(uuid4()), now, expires_at, extra)
    payload = {
        "iss": setting("JWT_ISSUER"),
        "aud": setting("JWT_AUDIENCE"),
        "sub": public_id,
        "iat": now.timestamp(),  # precise, so logout-all cuts tokens issued just before
        "exp": int(expires_at.timestamp()),
        "jti": claims.jti,
        "type": kind.value,
    }
    return IssuedToken(_keyring().sign(payload | extra, typ), claims)


def decode(token: str, kind: TokenKind) -> Result[TokenClaims, Refusal]:
    """The verified claims of a token of `kind`, or why it is refused."""
    spec = KINDS[kind]
    required = [*COMMON_CLAIMS, *spec.claim_types]
    try:
        payload = _keyring().verify(
            token, issuer=setting("JWT_ISSUER"), audience=setting("JWT_AUDIENCE"), required=required
        )
    except jwt.ExpiredSignatureError:
        return Fail(Refusal.EXPIRED)
    except jwt.InvalidTokenError:  # bad signature, unknown kid, alg "none", missing claims
        return Fail(Refusal.INVALID)
    own_claims = {name: payload[name] for name in spec.claim_types}
    if payload["type"] != kind.value or not all(
        isinstance(own_claims[name], claim_type) for name, claim_type in spec.claim_types.items()
    ):
        return Fail(Refusal.INVALID)
    try:
        issued_at = datetime.fromtimestamp(payload["iat"], UTC)
        expires_at = datetime.fromtimestamp(payload["exp"], UTC)
    except (OverflowError, OSError, ValueError):  # well signed, but past any calendar
        return Fail(Refusal.INVALID)
    return Ok(TokenClaims(kind, payload["sub"], payload["jti"], issued_at, expires_at, own_claims))


def _keyring() -> KeyRing:
    """The app's keys, read once at start-up."""
    ring: KeyRing = extension("jwt_keyring")
    return ring

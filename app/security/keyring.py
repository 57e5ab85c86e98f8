"""The keys that sign and verify tokens, read once at start-up, each known by its `kid`.

HS256 signs with SECRET_KEY and still verifies with each of SECRET_KEY_FALLBACKS (Flask's own
setting), so a new secret logs nobody out. EdDSA, ES256 and RS256 sign with the private key in
JWT_PRIVATE_KEY_FILE and still verify with the public keys in JWT_PUBLIC_KEY_FILES; their public
halves are published as a JWK Set (RFC 7517) so other services can verify our tokens. A key's
`kid` is its RFC 7638 thumbprint; for a shared secret, a hash that does not reveal it.
"""

import hashlib
import json
from base64 import urlsafe_b64encode
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import get_default_algorithms
from jwt.utils import base64url_decode

from app.config import ConfigError

ASYMMETRIC = ("EdDSA", "ES256", "RS256")
MIN_RSA_BITS = 2048
# The member of each key type that RFC 7638 hashes, in its order.
THUMBPRINT_MEMBERS = {
    "OKP": ("crv", "kty", "x"),
    "EC": ("crv", "kty", "x", "y"),
    "RSA": ("e", "kty", "n"),
}
# The JSON type each registered claim must have when present (RFC 7519, 4.1). PyJWT reads a
# numeric date that only looks like one ("1700000000") and leaves sub and jti to us.
NUMERIC_DATES = ("iat", "exp", "nbf")
STRINGS = ("sub", "jti", "type")


@dataclass(frozen=True)
class KeyRing:
    """The algorithm, the key that signs new tokens, and every key that still verifies."""

    algorithm: str
    signing_kid: str
    signing_key: Any
    verifying_keys: dict[str, Any]
    public_jwks: list[dict[str, str]] = field(default_factory=list)

    def sign(self, payload: dict[str, Any], typ: str = "JWT") -> str:
        """A JWS of `payload` with the signing key, its `kid` and `typ` in the header."""
        headers = {"kid": self.signing_kid, "typ": typ}
        return jwt.encode(payload, self.signing_key, self.algorithm, headers=headers)

    def verify(self, token: str, *, issuer: str, audience: str, required: list[str]) -> Any:
        """The payload of a token signed by one of our keys; jwt.InvalidTokenError otherwise.

        The key is the one the `kid` names among ours, the algorithm is ours, never the
        token's (RFC 8725, 3.1 and 3.10): `jku`, `x5u` and `jwk` headers are never read, and a
        `kid` is only looked up, never used as a path or a URL.
        """
        key = self.verifying_keys.get(unverified_kid(token) or "")
        if key is None:
            raise jwt.InvalidTokenError("no key of ours has that kid")
        payload = jwt.decode(
            token,
            key,
            [self.algorithm],
            {"require": required},  # type: ignore[typeddict-item]  # PyJWT's Options is total
            audience=audience,
            issuer=issuer,
        )
        _refuse_mistyped_claims(payload)
        return payload


def _refuse_mistyped_claims(payload: dict[str, Any]) -> None:
    """Even signed by us, a claim of the wrong JSON type is an invalid token, never a 500 later."""
    for name in NUMERIC_DATES:
        value = payload.get(name, 0)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise jwt.InvalidTokenError(f"{name} must be a number")
    for name in STRINGS:
        if not isinstance(payload.get(name, ""), str):
            raise jwt.InvalidTokenError(f"{name} must be a string")


def unverified_kid(token: str) -> str | None:
    """The header's `kid`, read to pick a key before jwt.decode checks everything."""
    return _header_text(token, "kid")


def unverified_typ(token: str) -> str | None:
    """The header's `typ`, which tells a client's access token (RFC 9068: `at+jwt`) from a
    session's before anything is verified; the check that follows decides."""
    return _header_text(token, "typ")


def _header_text(token: str, name: str) -> str | None:
    """A text member of the header (`kid`, `typ`), read to pick a key or a strategy before
    jwt.decode checks everything.

    Our own small read of the first segment: PyJWT's get_unverified_header would check every
    character of the whole token once more, which jwt.decode does anyway.
    """
    try:
        header = json.loads(base64url_decode(token.partition(".")[0]))
    except (ValueError, RecursionError):  # not base64, UTF-8 or JSON, or absurdly nested
        return None
    value = header.get(name) if isinstance(header, dict) else None
    return value if isinstance(value, str) else None


def build_keyring(settings: dict[str, Any]) -> KeyRing:
    """The key ring of these settings, or a ConfigError that says what is wrong with a key."""
    algorithm = settings["JWT_ALGORITHM"]
    if algorithm == "HS256":
        secrets = [settings["SECRET_KEY"], *settings["SECRET_KEY_FALLBACKS"]]
        keys = {_secret_kid(secret): secret for secret in secrets}
        return KeyRing(algorithm, _secret_kid(secrets[0]), secrets[0], keys)
    if algorithm not in ASYMMETRIC:
        raise ConfigError(f"JWT_ALGORITHM must be HS256 or one of {', '.join(ASYMMETRIC)}")
    if not settings["JWT_PRIVATE_KEY_FILE"]:
        raise ConfigError(f"JWT_ALGORITHM={algorithm} needs JWT_PRIVATE_KEY_FILE")
    private_key = load_key(
        settings["JWT_PRIVATE_KEY_FILE"], algorithm, "JWT_PRIVATE_KEY_FILE", private=True
    )
    public_keys = [
        load_key(path, algorithm, "JWT_PUBLIC_KEY_FILES", private=False)
        for path in settings["JWT_PUBLIC_KEY_FILES"]
    ]
    return asymmetric_ring(algorithm, private_key, public_keys)


def asymmetric_ring(algorithm: str, private_key: Any, older_public_keys: list[Any]) -> KeyRing:
    """A ring that signs with `private_key` and still verifies with the older public keys."""
    public_keys = [private_key.public_key(), *older_public_keys]
    jwks = [public_jwk(key, algorithm) for key in public_keys]
    verifying = {jwk["kid"]: key for jwk, key in zip(jwks, public_keys, strict=True)}
    return KeyRing(algorithm, jwks[0]["kid"], private_key, verifying, jwks)


def public_jwk(public_key: Any, algorithm: str) -> dict[str, str]:
    """The JWK of a public key, with its thumbprint as `kid` and what it is for."""
    jwk: dict[str, str] = get_default_algorithms()[algorithm].to_jwk(public_key, as_dict=True)
    jwk.pop("key_ops", None)  # PyJWT's, for RSA; `use` says it, never both (RFC 7517, 4.3)
    members = {name: jwk[name] for name in THUMBPRINT_MEMBERS[jwk["kty"]]}
    digest = hashlib.sha256(json.dumps(members, separators=(",", ":")).encode()).digest()
    return jwk | {"kid": _base64url(digest), "alg": algorithm, "use": "sig"}


def generate_private_key(algorithm: str) -> Any:
    """A new signing key for `algorithm`."""
    if algorithm == "EdDSA":
        return ed25519.Ed25519PrivateKey.generate()
    if algorithm == "ES256":
        return ec.generate_private_key(ec.SECP256R1())
    if algorithm == "RS256":
        return rsa.generate_private_key(public_exponent=65537, key_size=3072)
    raise ValueError(f"cannot generate a key for {algorithm}")


def private_pem(key: Any) -> bytes:
    """A private key as the unencrypted PKCS#8 PEM that JWT_PRIVATE_KEY_FILE holds."""
    return key.private_bytes(  # type: ignore[no-any-return]
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def public_pem(key: Any) -> bytes:
    """The public half of a private key, as the PEM that JWT_PUBLIC_KEY_FILES hold."""
    return key.public_key().public_bytes(  # type: ignore[no-any-return]
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def load_key(path: str, algorithm: str, what: str, *, private: bool) -> Any:
    """The PEM key at `path`, which setting `what` names, checked to be of the kind `algorithm`
    needs and strong enough."""
    try:
        pem = Path(path).read_bytes()
        key: Any = (
            serialization.load_pem_private_key(pem, None)
            if private
            else serialization.load_pem_public_key(pem)
        )
    except OSError as error:
        raise ConfigError(f"{what}: cannot read {path}: {error.strerror}") from None
    except (ValueError, TypeError) as error:  # not PEM, encrypted, or the other half
        kind = "private" if private else "public"
        raise ConfigError(f"{what}: {path} is not a PEM {kind} key ({error})") from None
    _check_kind(key, algorithm, f"{what}: {path}")
    return key


def _check_kind(key: Any, algorithm: str, where: str) -> None:
    """Refuse a key of the wrong type for the algorithm, or an RSA key under 2048 bits."""
    public = key.public_key() if hasattr(key, "public_key") else key
    expected = {
        "EdDSA": ed25519.Ed25519PublicKey,
        "ES256": ec.EllipticCurvePublicKey,
        "RS256": rsa.RSAPublicKey,
    }[algorithm]
    if not isinstance(public, expected):
        raise ConfigError(f"{where} is not a key for {algorithm}")
    if isinstance(public, ec.EllipticCurvePublicKey) and public.curve.name != "secp256r1":
        raise ConfigError(f"{where}: ES256 needs a P-256 key, not {public.curve.name}")
    if isinstance(public, rsa.RSAPublicKey) and public.key_size < MIN_RSA_BITS:
        raise ConfigError(f"{where}: an RSA key needs {MIN_RSA_BITS} bits or more")


def _secret_kid(secret: str) -> str:
    """A stable id for a shared secret that says nothing about it."""
    return "hs-" + _base64url(hashlib.sha256(b"kid of " + secret.encode()).digest())[:22]


def _base64url(data: bytes) -> str:
    return urlsafe_b64encode(data).rstrip(b"=").decode()

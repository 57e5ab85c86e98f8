"""The keys that sign ID tokens: asymmetric, since clients verify them with our published keys.

RS256 is the one algorithm every OpenID Connect client supports (Core 15.1; Discovery 3 makes
it mandatory in `id_token_signing_alg_values_supported`), so the signing key is an RS256 one:
the access-token ring's when JWT_ALGORITHM is RS256, else ID_TOKEN_PRIVATE_KEY_FILE. Outside
production, with neither, a key made once per process stands in; production refuses to start.
An EdDSA or ES256 access-token ring also verifies, so a client may register that algorithm.
"""

import logging
from dataclasses import dataclass
from functools import cache
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from app.config import ConfigError
from app.security.keyring import ASYMMETRIC, KeyRing, asymmetric_ring, load_key

ID_TOKEN_ALGORITHM = "RS256"
DEVELOPMENT_KEY_BITS = 2048  # for a key that lives as long as one process; 3072 takes seconds
NO_KEY = (
    "ID tokens need an RS256 key and JWT_ALGORITHM={algorithm} has none: run "
    "`flask keys generate --algorithm RS256 /etc/api/id-token.pem` and set "
    "ID_TOKEN_PRIVATE_KEY_FILE=/etc/api/id-token.pem (or sign every token with RS256: "
    "JWT_ALGORITHM=RS256 and JWT_PRIVATE_KEY_FILE)"
)
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IdTokenKeys:
    """The ring that signs ID tokens, first, then every other asymmetric ring of ours."""

    rings: tuple[KeyRing, ...]

    @property
    def signing(self) -> KeyRing:
        """The RS256 ring new ID tokens are signed with."""
        return self.rings[0]

    @property
    def algorithms(self) -> list[str]:
        """The algorithms an ID token of ours may be signed with, RS256 first."""
        return list(dict.fromkeys(ring.algorithm for ring in self.rings))

    def ring_with(self, kid: str) -> KeyRing | None:
        """The ring holding the key `kid` names, if one of ours does."""
        return next((ring for ring in self.rings if kid in ring.verifying_keys), None)

    def public_jwks(self) -> list[dict[str, str]]:
        """The public keys of every ring, each once."""
        keys = {jwk["kid"]: jwk for ring in self.rings for jwk in ring.public_jwks}
        return list(keys.values())


def build_id_token_keys(settings: dict[str, Any], access_ring: KeyRing) -> IdTokenKeys:
    """The ID-token keys of these settings beside `access_ring`; ConfigError in production
    without an RS256 key, saying how to add one."""
    others = (access_ring,) if access_ring.algorithm in ASYMMETRIC else ()
    if settings["ID_TOKEN_PRIVATE_KEY_FILE"]:
        return IdTokenKeys((_configured_ring(settings), *others))
    if access_ring.algorithm == ID_TOKEN_ALGORITHM:
        return IdTokenKeys((access_ring,))
    if settings["REFUSE_UNSAFE_SETTINGS"]:
        raise ConfigError(NO_KEY.format(algorithm=access_ring.algorithm))
    return IdTokenKeys((asymmetric_ring(ID_TOKEN_ALGORITHM, _development_key(), []), *others))


def _configured_ring(settings: dict[str, Any]) -> KeyRing:
    """ID_TOKEN_PRIVATE_KEY_FILE signs; ID_TOKEN_PUBLIC_KEY_FILES still verify, for a rotation."""
    private_key = load_key(
        settings["ID_TOKEN_PRIVATE_KEY_FILE"],
        ID_TOKEN_ALGORITHM,
        "ID_TOKEN_PRIVATE_KEY_FILE",
        private=True,
    )
    older = [
        load_key(path, ID_TOKEN_ALGORITHM, "ID_TOKEN_PUBLIC_KEY_FILES", private=False)
        for path in settings["ID_TOKEN_PUBLIC_KEY_FILES"]
    ]
    return asymmetric_ring(ID_TOKEN_ALGORITHM, private_key, older)


@cache
def _development_key() -> rsa.RSAPrivateKey:
    """One key per process: generating it is slow, and tests build thousands of apps. ID tokens
    signed with it die with the process, which is fine for development and tests only."""
    logger.warning(
        "ID tokens are signed with an RS256 key made for this process only; "
        "set ID_TOKEN_PRIVATE_KEY_FILE to keep one"
    )
    return rsa.generate_private_key(public_exponent=65537, key_size=DEVELOPMENT_KEY_BITS)

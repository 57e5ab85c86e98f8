"""The shape of personal access tokens: `pat_`, 32 random characters and a 6-character checksum,
all letters and digits. A secret scanner spots the prefix; a typo or a truncated paste fails the
checksum, so it is refused without a database read. Only a token's SHA-256 is ever stored."""

import re
import secrets
import string
from hashlib import sha256
from zlib import crc32

PREFIX = "pat_"
ALPHABET = string.digits + string.ascii_letters  # base62: no character a URL or shell mangles
RANDOM_LENGTH, CHECKSUM_LENGTH = 32, 6  # 32 of 62 symbols: about 190 bits
SHAPE = re.compile(rf"{PREFIX}[0-9A-Za-z]{{{RANDOM_LENGTH + CHECKSUM_LENGTH}}}")


def new_personal_token() -> str:
    """A fresh token; show it once, keep only token_hash(token)."""
    random = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return f"{PREFIX}{random}{_checksum(random)}"


def well_formed(token: str) -> bool:
    """True when `token` has the shape and its checksum matches."""
    if not SHAPE.fullmatch(token):
        return False
    random, checksum = token[len(PREFIX) : -CHECKSUM_LENGTH], token[-CHECKSUM_LENGTH:]
    return secrets.compare_digest(checksum, _checksum(random))


def token_hash(token: str) -> str:
    return sha256(token.encode()).hexdigest()


def _checksum(random: str) -> str:
    """CRC32 of the random part, in base62, padded to CHECKSUM_LENGTH."""
    value, digits = crc32(random.encode()), []
    for _ in range(CHECKSUM_LENGTH):
        value, digit = divmod(value, len(ALPHABET))
        digits.append(ALPHABET[digit])
    return "".join(reversed(digits))

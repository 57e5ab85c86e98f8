"""Secrets kept at rest are sealed: a reset link in a queued email is a live credential, and a
TOTP secret would let anyone make a user's codes.

They are sealed with DATA_ENCRYPTION_KEYS, Fernet keys of their own (authenticated encryption):
the first seals, every one opens, so a new key is put first and an old one dropped only once
nothing sealed under it is left. They are apart from SECRET_KEY, so rotating that one strands
nothing. Without DATA_ENCRYPTION_KEYS (development and tests only: production refuses to start)
a key is derived from SECRET_KEY. What was sealed under that derived key before an operator set
DATA_ENCRYPTION_KEYS still opens.
"""

import json
from base64 import urlsafe_b64encode
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.running import setting


def seal(payload: dict[str, Any]) -> bytes:
    """`payload` as JSON, encrypted and authenticated with the first data key."""
    return _fernet().encrypt(json.dumps(payload).encode())


def unseal(sealed: bytes) -> dict[str, Any]:
    """The payload; cryptography.fernet.InvalidToken if no key in force opens it."""
    payload: dict[str, Any] = json.loads(_fernet().decrypt(sealed))
    return payload


def new_data_key() -> str:
    """A new key for DATA_ENCRYPTION_KEYS (`flask keys data-key`)."""
    return Fernet.generate_key().decode()


def _fernet() -> MultiFernet:
    """The cipher for the keys in force."""
    return _fernet_for(tuple(setting("DATA_ENCRYPTION_KEYS")), str(setting("SECRET_KEY")))


@cache
def _fernet_for(data_keys: tuple[str, ...], secret_key: str) -> MultiFernet:
    """The data keys, then the key derived from SECRET_KEY, which seals only when no data key is
    set; built once per set of keys."""
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"outbox message v1")
    legacy = urlsafe_b64encode(derived.derive(secret_key.encode()))
    return MultiFernet([Fernet(key) for key in data_keys] + [Fernet(legacy)])

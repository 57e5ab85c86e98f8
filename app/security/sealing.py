"""Secrets kept at rest are sealed: a reset link in a queued email is a live credential."""

import json
from base64 import urlsafe_b64encode
from functools import cache
from typing import Any

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.running import setting


def seal(payload: dict[str, Any]) -> bytes:
    """`payload` as JSON, encrypted and authenticated with a key derived from SECRET_KEY."""
    return _fernet().encrypt(json.dumps(payload).encode())


def unseal(sealed: bytes) -> dict[str, Any]:
    """The payload; cryptography.fernet.InvalidToken if the key has changed since."""
    payload: dict[str, Any] = json.loads(_fernet().decrypt(sealed))
    return payload


def _fernet() -> Fernet:
    """The outbox's cipher, for the SECRET_KEY in force."""
    return _fernet_for(str(setting("SECRET_KEY")))


@cache
def _fernet_for(secret_key: str) -> Fernet:
    """A key of its own for the outbox, so it never doubles as a token signing key; derived once."""
    derive = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"outbox message v1")
    return Fernet(urlsafe_b64encode(derive.derive(secret_key.encode())))

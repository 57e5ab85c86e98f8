"""Outbox payloads are encrypted at rest: a reset link in a queued email is a live credential."""

import json
from base64 import urlsafe_b64encode
from typing import Any

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


def seal(payload: dict[str, Any]) -> bytes:
    """`payload` as JSON, encrypted and authenticated with a key derived from SECRET_KEY."""
    return _fernet().encrypt(json.dumps(payload).encode())


def unseal(sealed: bytes) -> dict[str, Any]:
    """The payload; cryptography.fernet.InvalidToken if the key has changed since."""
    payload: dict[str, Any] = json.loads(_fernet().decrypt(sealed))
    return payload


def _fernet() -> Fernet:
    """A key of its own for the outbox, so it never doubles as a token signing key."""
    derive = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"outbox message v1")
    key = derive.derive(str(current_app.config["SECRET_KEY"]).encode())
    return Fernet(urlsafe_b64encode(key))

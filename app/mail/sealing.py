"""Outbox bodies are encrypted at rest: a reset link in a queued email is a live credential."""

import json
from base64 import urlsafe_b64encode

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


def seal(subject: str, body: str) -> bytes:
    """Subject and body, encrypted and authenticated with a key derived from SECRET_KEY."""
    plain = json.dumps({"subject": subject, "body": body}).encode()
    return _fernet().encrypt(plain)


def unseal(sealed: bytes) -> tuple[str, str]:
    """The subject and body; cryptography.fernet.InvalidToken if the key has changed since."""
    content = json.loads(_fernet().decrypt(sealed))
    return content["subject"], content["body"]


def _fernet() -> Fernet:
    """A key of its own for the outbox, so it never doubles as a token signing key."""
    derive = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"outbox message v1")
    key = derive.derive(str(current_app.config["SECRET_KEY"]).encode())
    return Fernet(urlsafe_b64encode(key))

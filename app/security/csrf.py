"""The CSRF value of a browser session: an HMAC of its login session's id.

It is bound to the session, so a value planted by someone else, or taken from another session,
does not pass; and it is derived, so nothing more is stored. A value made under an older
SECRET_KEY still passes while that key is in SECRET_KEY_FALLBACKS.
"""

import hashlib
import hmac
from base64 import urlsafe_b64encode
from functools import cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.running import setting


def csrf_value(session_id: str) -> str:
    """The CSRF value of login session `session_id`."""
    return _mac(_key(setting("SECRET_KEY")), session_id)


def csrf_matches(session_id: str, offered: str) -> bool:
    """True when `offered` is the session's CSRF value, compared in constant time."""
    secrets = [setting("SECRET_KEY"), *setting("SECRET_KEY_FALLBACKS")]
    offered_bytes = offered.encode()
    return any(
        hmac.compare_digest(_mac(_key(secret), session_id).encode(), offered_bytes)
        for secret in secrets
    )


def _mac(key: bytes, session_id: str) -> str:
    digest = hmac.new(key, session_id.encode(), hashlib.sha256).digest()
    return urlsafe_b64encode(digest).rstrip(b"=").decode()


@cache
def _key(secret_key: str) -> bytes:
    """A key of its own for CSRF values, so it never doubles as a signing key; derived once."""
    derive = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"csrf value v1")
    return derive.derive(secret_key.encode())

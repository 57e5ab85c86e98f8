"""TOTP codes (RFC 6238: 30-second steps, 6 digits) with pyotp, and recovery codes.

Pure: the caller stores the secret sealed, the last step it accepted (so no code counts twice)
and the hashes of the recovery codes.
"""

import hashlib
import hmac
import re
import secrets
from datetime import datetime

import pyotp

DRIFT_STEPS = 1  # a code of the step before or after this one still counts (clock drift)
RECOVERY_CODES = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
TOTP_CODE = re.compile(r"[0-9]{6}")
RECOVERY_CODE = re.compile(rf"[{RECOVERY_ALPHABET}]{{5}}-?[{RECOVERY_ALPHABET}]{{5}}")


def new_secret() -> str:
    """A random base32 secret for an authenticator app (160 bits)."""
    return pyotp.random_base32(32)


def provisioning_uri(secret: str, email: str, issuer: str) -> str:
    """The otpauth:// URI an authenticator app reads, from a QR code or typed in."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step within the drift window whose code `code` is; None when none is."""
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def new_recovery_codes() -> list[str]:
    """Ten codes such as `k7d3m-x9q2p`, about 49 bits each: a hash guards them well."""
    return [f"{_random_part()}-{_random_part()}" for _ in range(RECOVERY_CODES)]


def recovery_code_hash(code: str) -> str:
    """The stored form of a recovery code, in any letter case, with or without its dash."""
    return hashlib.sha256(code.lower().replace("-", "").encode()).hexdigest()


def is_totp_code(code: str) -> bool:
    return TOTP_CODE.fullmatch(code) is not None


def _random_part() -> str:
    return "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(5))

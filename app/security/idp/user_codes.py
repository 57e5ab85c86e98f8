"""The user code of the device flow (RFC 8628, 6.1): what a person reads off a device and types
on /device. Eight letters from an alphabet without vowels (no words, nothing to confuse with a
digit), shown XXXX-XXXX, accepted however it is typed: with or without its dash, any case."""

import re
import secrets

# Authlib's alphabet (rfc8628.endpoint): 20 consonants, so 20**8, about 2**34.6 codes.
ALPHABET = "BCDFGHJKLMNPQRSTVWXZ"
LENGTH = 8
USER_CODE = re.compile(f"[{ALPHABET}]{{{LENGTH}}}")
SEPARATORS = re.compile(r"[\s-]")


def new_user_code() -> str:
    """A random user code, as stored: eight letters, no dash."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalised(typed: str) -> str | None:
    """The code a person typed, as stored (upper case, no dash or spaces); None when it cannot
    be a code at all."""
    candidate = SEPARATORS.sub("", typed).upper()
    return candidate if USER_CODE.fullmatch(candidate) else None


def shown(user_code: str) -> str:
    """How a stored code is shown and sent: XXXX-XXXX."""
    half = LENGTH // 2
    return f"{user_code[:half]}-{user_code[half:]}"

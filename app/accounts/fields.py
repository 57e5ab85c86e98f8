"""Input rules that every way in shares: the API's request parsers and the `flask` commands.

Each takes what a client sent and returns the clean value, or raises ValueError with a sentence
that says what to send instead.
"""

from typing import Any

from email_validator import EmailNotValidError, validate_email

from app.models.user import BCRYPT_MAX_BYTES
from app.running import setting


def email_address(value: Any) -> str:
    """A syntactically valid address, stripped and in lower case (one account per address)."""
    if not isinstance(value, str):
        raise ValueError("Email must be a string, such as ada@example.com.")
    try:
        address = validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ValueError(f"{error} Example: ada@example.com.") from None
    return address.lower()


def address_as_counted(text: str) -> str:
    """What a limit counts an address under: as its account would store it (case, Unicode
    forms, IDNA), so every spelling of one address shares a bucket; other text, in lower case."""
    try:
        return email_address(text)
    except ValueError:
        return text.strip().lower()


def new_password(value: Any) -> str:
    """A password that meets the policy: PASSWORD_MIN_LENGTH characters, bcrypt's byte limit."""
    min_length = setting("PASSWORD_MIN_LENGTH")
    if not isinstance(value, str) or not value.strip():
        raise ValueError("Password must be text, not empty or only white space.")
    if len(value) < min_length:
        raise ValueError(f"Password must be at least {min_length} characters long.")
    if len(value.encode()) > BCRYPT_MAX_BYTES:  # bcrypt ignores the rest; refuse, never cut
        raise ValueError(f"Password must be at most {BCRYPT_MAX_BYTES} bytes in UTF-8.")
    return value


def any_password(value: Any) -> str:
    """A password to check at login: any non-empty text (the policy may have changed since)."""
    if not isinstance(value, str) or not value:
        raise ValueError("Password must be non-empty text.")
    return value

"""Domain errors: what business code refuses, in its own words; app/api/errors.py maps them to HTTP.

The CLI and the HTTP layer share business code, so nothing here knows about status codes.
"""

from app.security.tokens import Refusal, TokenKind


class DomainError(Exception):
    """A request the business refuses in normal use; str() is a sentence for a person."""


class EmailTaken(DomainError):
    """Registration with an address that already has an account."""

    def __init__(self, email: str) -> None:
        super().__init__(f"{email} is already registered")


class BadCredentials(DomainError):
    """Unknown email or wrong password: deliberately the same error."""

    def __init__(self) -> None:
        super().__init__("email or password does not match")


class AccountDisabled(DomainError):
    """The right password, but an admin has disabled the account."""

    def __init__(self) -> None:
        super().__init__("This account is disabled.")


class NotFound(DomainError):
    """The thing named does not exist."""


class Conflict(DomainError):
    """The change clashes with what is stored, such as a name that is taken."""


class InvalidField(DomainError):
    """One input field is wrong in a way only business code can tell (a token of someone else)."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(problem)
        self.field = field


class MustWait(DomainError):
    """Refused for now, not for good: ask again in `retry_after` seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class LoginThrottled(MustWait):
    """Too many failed logins for this address lately."""

    def __init__(self, retry_after: int) -> None:
        message = "Too many failed logins for this account. Please wait and try again."
        super().__init__(message, retry_after)


class CodeSentRecently(MustWait):
    """A code for this went out less than a minute ago: one mail a minute is plenty."""

    def __init__(self, retry_after: int) -> None:
        message = "A code was sent less than a minute ago: use it, or ask again later."
        super().__init__(message, retry_after)


class ScopeRefused(DomainError):
    """A scope asked for that is unknown, or that the user's roles do not grant."""

    def __init__(self, scope: str) -> None:
        super().__init__(f"You may not have the scope {scope}.")


class TokenRefused(DomainError):
    """A token sent in a body (a refresh token) that cannot be used, and why."""

    def __init__(self, kind: TokenKind, reason: Refusal) -> None:
        super().__init__(f"{kind.value} token {reason.value}")
        self.kind = kind
        self.reason = reason


class BadCode(DomainError):
    """A second-factor code that is wrong, used already, or of another time."""

    def __init__(self) -> None:
        super().__init__("That code is not valid.")


class NoSecondFactorLeft(DomainError):
    """Two-factor is on, and no factor of the user's may follow this first step."""

    def __init__(self) -> None:
        super().__init__("No second factor can follow this sign-in: sign in with your password.")


class SignInExpired(DomainError):
    """An mfa_token that is invalid, expired, used, or ended by too many wrong codes."""

    def __init__(self) -> None:
        super().__init__("This sign-in has expired. Please log in again.")


class UnknownPasskey(DomainError):
    """A passkey answer from a credential no account has (never registered, or deleted)."""

    def __init__(self) -> None:
        super().__init__("That passkey is not registered.")

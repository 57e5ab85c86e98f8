"""What a second factor is to the rest of the code: the one shape every factor has, so that
listing, checking and turning factors off asks the registry (app/accounts/factors) instead of
knowing each factor's tables.
"""

from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from app.models import User
from app.ops.origin import Origin


@dataclass(frozen=True)
class Answer:
    """What someone sent to prove a factor, from where, and for which waiting sign-in (the jti
    of its mfa_token; None when a signed-in person proves who they are again)."""

    origin: Origin
    code: str | None = None
    credential: dict[str, Any] | None = None
    challenge: str | None = None


class SecondFactor(Protocol):
    """One way to finish a sign-in after its first step, or to prove who you are again."""

    name: str  # the `method` a client names, and its name in `methods`
    prompt: str  # what to ask for, after "Enter ": "the code from your authenticator app"
    amr: tuple[str, ...]  # what a right answer usually adds to the first step's (RFC 8176)
    answer_field: str  # the body field that carries the answer: "code" or "credential"
    # True where having it set up means two-factor is on; False for a fallback (recovery
    # codes) and for a way in of its own that may also finish one (a passkey).
    turns_two_factor_on: bool

    def is_set_up(self, user: User) -> bool:
        """True when `user` can answer with it now."""
        ...

    def verify(self, user: User, answer: Answer) -> tuple[str, ...] | None:
        """The amr a right answer proves, spending what it used; None for a wrong one."""
        ...

    def forget(self, user: User) -> None:
        """Take it off the account: two-factor is being turned off, or just this factor."""
        ...

    def offered_after(self, first_factor: str) -> bool:
        """False where it would only repeat a first step of amr `first_factor`."""
        ...


@runtime_checkable
class Enrols(Protocol):
    """A factor turned on in two steps: started (a secret to show, or a code sent), then
    confirmed with a code that proves it reached the person."""

    already_on: str  # the 409's message when it is on already

    def start_enrolment(self, user: User) -> dict[str, str]:
        """Begin turning it on; returns what the client needs to see (possibly nothing)."""
        ...

    def confirm_enrolment(self, user: User, code: str) -> bool:
        """Turn it on with `code`; False when nothing is pending or the code is wrong."""
        ...


class EnrollingFactor(SecondFactor, Enrols, Protocol):
    """A second factor that is turned on in two steps."""


@runtime_checkable
class SendsCodes(Protocol):
    """A factor whose code we send (by email), rather than one the person has at hand."""

    def send(self, user: User, challenge: str | None) -> None:
        """Send a code for the waiting sign-in `challenge` names (None: for proving who they
        are again); CodeSentRecently when one went out less than a minute ago."""
        ...


class CodeSendingFactor(SecondFactor, SendsCodes, Protocol):
    """A second factor whose code we send."""

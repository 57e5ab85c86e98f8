"""What the sign-in flow needs of any provider, whatever it speaks: a SignInProvider sends the
browser there, and turns the code it comes back with into a ProviderAccount or ProviderRefused.
A ProviderDescription is one configured provider; its Kind says what that kind must be told."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

SUBJECT = re.compile(r"[!-~]{1,255}")  # OpenID Connect Core 2: at most 255 ASCII characters


class ProviderRefused(Exception):
    """This sign-in cannot go on: `error` is the code the front end gets, str() why (for logs)."""

    def __init__(self, error: str, reason: str) -> None:
        super().__init__(reason)
        self.error = error


@dataclass(frozen=True)
class ProviderAccount:
    """Who the provider says signed in: its subject, and the address it vouches for or not."""

    subject: str
    email: str | None
    email_verified: bool
    name: str | None
    groups: tuple[str, ...] | None = None  # None: no OIDC_<NAME>_ROLES_CLAIM to read them from


@dataclass(frozen=True)
class ProviderDescription:
    """One name of OIDC_PROVIDERS, as its OIDC_<NAME>_* settings describe it."""

    name: str
    kind: str
    client_id: str
    client_secret: str  # empty for a public client: PKCE alone then
    scopes: str
    urls: dict[str, str]  # the kind's URL settings by field (ISSUER; AUTH_URL, API_URL)
    roles_claim: str = ""  # the ID token's claim that lists the user's groups; "": none
    role_map: tuple[tuple[str, str], ...] = ()  # (group, role) pairs (roles.py)


class SignInProvider(Protocol):
    """One configured provider, as this app's client of it."""

    def authorization_url(self, redirect_uri: str, state: str, nonce: str, verifier: str) -> str:
        """Where the browser goes to sign in; the provider comes back to `redirect_uri`."""
        ...

    def account(self, code: str, verifier: str, redirect_uri: str, nonce: str) -> ProviderAccount:
        """Who signed in, from the code the provider came back with; ProviderRefused if not."""
        ...


@dataclass(frozen=True)
class Kind:
    """A kind of provider: its client, and what its OIDC_<NAME>_* settings must hold."""

    client: Callable[[ProviderDescription, int], SignInProvider]  # (provider, timeout)
    scopes: str  # when OIDC_<NAME>_SCOPES is unset
    urls: dict[str, str]  # the URL fields it reads, each with its default ("": none, required)
    required: tuple[str, ...] = ("CLIENT_ID",)
    needs_scope: str = ""  # a scope it cannot work without
    id_token: bool = False  # whether it reads an ID token, whose claims may carry groups


def checked_subject(subject: Any, error: str) -> str:
    """The provider's subject, printable ASCII without spaces: it is stored, compared and logged,
    and PostgreSQL cannot even look up a NUL."""
    if not isinstance(subject, str) or not SUBJECT.fullmatch(subject):
        raise ProviderRefused(error, "the subject must be 1 to 255 characters from ! to ~")
    return subject

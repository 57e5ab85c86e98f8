"""Refresh transports: how a token response hands the refresh token over, and how a request
presents it back. BodyTransport (the default) puts it in the JSON body; CookieTransport in an
HttpOnly cookie with its CSRF companion (browser_session.py; docs/API.md, Browser sessions).

Each transport issues the refresh token, reads it back from a request with its own checks,
clears it at logout, and documents its fields of the token response. Endpoints pick one
(requested_transport, presenting_transport) and call it; none compares transport names. A new
transport is a new class and one row in TRANSPORTS: the `refresh_transport` field's choices,
the token model, and which transport a refresh or logout reads, follow from the table.
"""

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from types import MappingProxyType
from typing import Any, ClassVar, NoReturn

from flask_restx import fields
from flask_restx.reqparse import RequestParser

from app.accounts.refresh_sessions import claimed_session_id
from app.accounts.sessions import IssuedTokens
from app.api import browser_session, examples
from app.api.browser_session import CSRF_FAILED_RESPONSE, Headers, refused_cookie
from app.api.errors import ResponseDoc, field_error, response_docs
from app.errors import TokenRefused
from app.security.csrf import csrf_value
from app.security.tokens import Refusal, TokenKind

NO_BODY: Mapping[str, Any] = MappingProxyType({})  # the cookie reads no body field
NO_REFRESH_TOKEN = (
    "Send the refresh_token of your last token response, or the refresh cookie "
    '(fetch needs credentials: "include").'
)
BOTH_REFRESH_TOKENS = "Send the refresh token in the body or in the cookie, not both."


class RefreshTransport(ABC):
    """One way for the refresh token to travel between the API and its client."""

    name: ClassVar[str]  # the value of the refresh_transport field that asks for it
    model_fields: ClassVar[dict[str, fields.Raw]]  # its fields of the token response
    read_refusals: ClassVar[tuple[ResponseDoc, ...]] = ()  # what its checks answer, documented

    @abstractmethod
    def issue(self, tokens: IssuedTokens) -> tuple[dict[str, str], Headers]:
        """The token response's fields and the headers that hand the refresh token over."""

    @abstractmethod
    def sent(self, body: Mapping[str, Any] = NO_BODY) -> str | None:
        """The refresh token the request carries this way, unchecked; None if it has none."""

    @abstractmethod
    def admit(self) -> None:
        """Refuse (403) a request that may not ask for this transport."""

    def read(self, body: Mapping[str, Any] = NO_BODY) -> str:
        """The refresh token the request presents this way, once this transport's checks pass."""
        return self.sent(body) or ""

    def refusals(self) -> AbstractContextManager[None]:
        """Answers a use case's refusal of the token read this way; as raised, by default."""
        return nullcontext()

    def clear(self) -> Headers:
        """At logout, what makes the client forget the refresh token; nothing, by default."""
        return []

    def reply_with(self, requested: str) -> "RefreshTransport":
        """The transport for the successor of a token read this way: the one asked for."""
        return requested_transport(requested)


class BodyTransport(RefreshTransport):
    """The refresh token in the token response's JSON; sent back as the field refresh_token."""

    name = "body"
    model_fields = {
        "refresh_token": fields.String(
            description="Send to /auth/refresh for a new pair; not with refresh_transport=cookie",
            example=examples.REFRESH_TOKEN,
        )
    }

    def issue(self, tokens: IssuedTokens) -> tuple[dict[str, str], Headers]:
        """The refresh token in the body; no header."""
        return {"refresh_token": tokens.refresh_token}, []

    def sent(self, body: Mapping[str, Any] = NO_BODY) -> str | None:
        """The body's refresh_token field, as parsed."""
        return body.get("refresh_token")

    def admit(self) -> None:
        """Any request may: a body goes only to whoever sent the request."""


class CookieTransport(RefreshTransport):
    """The refresh token in an HttpOnly cookie, out of every script's reach, with a CSRF value
    that the page sends back as X-CSRF-Token: no JavaScript holds a long-lived credential."""

    name = "cookie"
    model_fields = {
        "csrf_token": fields.String(
            description="Only with refresh_transport=cookie: send as X-CSRF-Token to refresh",
            example=examples.CSRF_TOKEN,
        )
    }
    read_refusals = (CSRF_FAILED_RESPONSE,)

    def issue(self, tokens: IssuedTokens) -> tuple[dict[str, str], Headers]:
        """The CSRF value in the body, both cookies set."""
        csrf = csrf_value(tokens.session_id)
        return {"csrf_token": csrf}, browser_session.session_cookies(tokens.refresh_token, csrf)

    def sent(self, body: Mapping[str, Any] = NO_BODY) -> str | None:
        """The refresh cookie."""
        return browser_session.refresh_cookie()

    def admit(self) -> None:
        """Only from an origin that may start a cookie session."""
        browser_session.check_starting_origin()

    def read(self, body: Mapping[str, Any] = NO_BODY) -> str:
        """The cookie, once its CSRF value and Origin pass. A cookie that is no refresh token
        is 401 and cleared before that; a failed check is 403 and changes nothing, so a forged
        request cannot even log the user out."""
        cookie = self.sent(body) or ""
        session_id = claimed_session_id(cookie).on_failure(_refuse_cookie).value
        browser_session.check_csrf(session_id)
        return cookie

    @contextmanager
    def refusals(self) -> Iterator[None]:
        """A refused cookie: its 401, and both cookies cleared."""
        try:
            yield
        except TokenRefused as refused:
            raise refused_cookie(refused) from None

    def clear(self) -> Headers:
        """Both cookies expired, when the request has either."""
        return browser_session.cleared_cookies() if browser_session.has_session_cookies() else []

    def reply_with(self, requested: str) -> RefreshTransport:
        """Itself: a token read from the cookie goes back into it, never to a page's script."""
        return self


TRANSPORTS: dict[str, RefreshTransport] = {
    transport.name: transport for transport in (BodyTransport(), CookieTransport())
}
DEFAULT_TRANSPORT = BodyTransport.name
COOKIE_TRANSPORT = TRANSPORTS[CookieTransport.name]  # the one a request without a bearer may use
# What the documents show: the token model's fields, and the refusals of a route that reads.
MODEL_FIELDS = {name: field for t in TRANSPORTS.values() for name, field in t.model_fields.items()}
READ_REFUSALS = response_docs(
    *(refusal for t in TRANSPORTS.values() for refusal in t.read_refusals)
)  # for @ns.doc(responses=...)


def add_transport_field(parser: RequestParser) -> None:
    """The refresh_transport field of a route that answers with a token response."""
    parser.add_argument(
        "refresh_transport",
        type=_transport_name,
        default=DEFAULT_TRANSPORT,
        description="Where the refresh token goes: the body, or an HttpOnly cookie (browsers)",
        example=DEFAULT_TRANSPORT,
    )


def _transport_name(value: Any) -> str:
    """Where the token response puts the refresh token: one of TRANSPORTS."""
    if not isinstance(value, str) or value not in TRANSPORTS:
        raise ValueError(f"refresh_transport must be {' or '.join(TRANSPORTS)}.")
    return str(value)


_transport_name.__schema__ = {  # type: ignore[attr-defined]
    "type": "string",
    "enum": list(TRANSPORTS),
    "default": DEFAULT_TRANSPORT,
}


def requested_transport(name: str) -> RefreshTransport:
    """The transport the request asks for by name, if it may."""
    transport = TRANSPORTS[name]
    transport.admit()
    return transport


def presenting_transport(body: Mapping[str, Any]) -> RefreshTransport:
    """The one transport by which the request presents a refresh token; a 400 on refresh_token
    when it presents none, or more than one."""
    presenting = [
        transport for transport in TRANSPORTS.values() if transport.sent(body) is not None
    ]
    if not presenting:
        raise field_error("refresh_token", NO_REFRESH_TOKEN)
    if len(presenting) > 1:
        raise field_error("refresh_token", BOTH_REFRESH_TOKENS)
    return presenting[0]


def cleared() -> Headers:
    """At logout, what makes the client forget the refresh token, however it holds it."""
    return [header for transport in TRANSPORTS.values() for header in transport.clear()]


def _refuse_cookie(reason: Refusal) -> NoReturn:
    raise refused_cookie(TokenRefused(TokenKind.REFRESH, reason))

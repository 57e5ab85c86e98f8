"""What a client may be registered with: its kind, grants, scopes and addresses, each checked
here once for the admin API and `flask clients` alike; and its secret, of which only a hash is
kept.

CLIENT_SCOPES is the one table of what another app may be given: the widget permissions and the
OpenID Connect scopes. Reading or changing other people's accounts, the audit trail and token
introspection stay with people signed in here; an app acting for an admin never inherits them.
"""

import hmac
import re
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

from app.security.digests import secret_digest
from app.security.permissions import PERMISSION_DESCRIPTIONS

CONFIDENTIAL, PUBLIC = "confidential", "public"
KINDS = (CONFIDENTIAL, PUBLIC)
AUTHORIZATION_CODE = "authorization_code"
REFRESH_TOKEN = "refresh_token"
CLIENT_CREDENTIALS = "client_credentials"
DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code"
GRANT_TYPES = (AUTHORIZATION_CODE, REFRESH_TOKEN, CLIENT_CREDENTIALS, DEVICE_CODE)
# A public client has no secret to prove it is itself: it acts only for a person who signs in.
GRANTS_OF_KIND = {
    CONFIDENTIAL: frozenset(GRANT_TYPES),
    PUBLIC: frozenset(GRANT_TYPES) - {CLIENT_CREDENTIALS},
}
OPENID_SCOPES = ("openid", "profile", "email", "offline_access")
API_SCOPES = ("widgets:read", "widgets:write")
CLIENT_SCOPES = OPENID_SCOPES + API_SCOPES
# What a client's own token (client_credentials) may hold: reading. Writing makes things a
# person owns, and a client acting for itself is no one.
OWN_TOKEN_SCOPES = frozenset({"widgets:read"})
# What each scope lets a client do, in the words of the consent page.
SCOPE_WORDS = {
    "openid": "Know who you are on this site",
    "profile": "See your name",
    "email": "See your email address, and whether you proved it is yours",
    "offline_access": "Stay signed in while you are away",
    **{name: PERMISSION_DESCRIPTIONS[name] for name in API_SCOPES},
}
# RFC 6749, appendix A.4: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), separated by one space.
SCOPE_TOKEN = re.compile(r"[\x21\x23-\x5b\x5d-\x7e]+")
# Letters, digits and the punctuation a product name has; nothing invisible or reordering.
CLIENT_NAME = re.compile(r"[\w .,&'()+/:-]{1,100}")
LOOPBACK_HOSTS = ("127.0.0.1", "[::1]", "localhost")
ENCODED_CONTROL = re.compile(r"%(?:[01][0-9a-fA-F]|7[fF])")
URI_LENGTH = 390
MAX_URIS = 10  # with URI_LENGTH, within the 4,000 characters the row keeps


class ClientRefused(ValueError):
    """A registration that breaks a rule; the message says which, for a person."""


def scope_tokens(text: str) -> list[str]:
    """The scopes of a request (RFC 6749, 3.3), each once, in the order given: ASCII only,
    separated by spaces; ClientRefused for anything else, rather than a guess."""
    names = [name for name in text.split(" ") if name]
    if not all(SCOPE_TOKEN.fullmatch(name) for name in names):
        raise ClientRefused("A scope is ASCII letters and punctuation, separated by spaces.")
    return list(dict.fromkeys(names))


def checked_scopes(names: Iterable[str]) -> list[str]:
    """`names` in CLIENT_SCOPES order; ClientRefused naming the first a client may not hold."""
    wanted = list(dict.fromkeys(names))
    if refused := next((name for name in wanted if name not in CLIENT_SCOPES), None):
        raise ClientRefused(f"A client may not be given the scope {refused[:40]!r}.")
    return [name for name in CLIENT_SCOPES if name in wanted]


def checked_grants(kind: str, grants: Iterable[str]) -> list[str]:
    """`grants` in GRANT_TYPES order; ClientRefused for one the kind may not use."""
    if kind not in KINDS:
        raise ClientRefused("type must be confidential or public.")
    wanted = list(dict.fromkeys(grants))
    if not wanted:
        raise ClientRefused("Name at least one grant type.")
    if refused := next((name for name in wanted if name not in GRANTS_OF_KIND[kind]), None):
        raise ClientRefused(f"A {kind} client may not use the grant {refused[:60]!r}.")
    return [name for name in GRANT_TYPES if name in wanted]


def checked_name(name: str) -> str:
    """A client's name as people will read it on the consent page."""
    if not CLIENT_NAME.fullmatch(name) or not name.strip():
        raise ClientRefused(
            "name is 1 to 100 letters, digits, spaces and . , & ' ( ) + / : - only."
        )
    return name.strip()


def checked_redirect_uris(uris: Iterable[str]) -> list[str]:
    """Redirect URIs compared exactly later (RFC 9700, 2.1), so each must be unambiguous now:
    absolute, ASCII, no fragment, no user info, no wildcard; https, or http on a loopback
    address for development and native apps (RFC 8252, 7.3), or a native app's private scheme
    (RFC 8252, 7.1: reverse domain name)."""
    checked = list(dict.fromkeys(uris))
    if len(checked) > MAX_URIS:
        raise ClientRefused(f"A client has {MAX_URIS} redirect URIs at most.")
    for uri in checked:
        if problem := _redirect_uri_problem(uri):
            raise ClientRefused(f"Redirect URI {uri[:80]!r}: {problem}")
    return checked


def _redirect_uri_problem(uri: str) -> str | None:
    """Why `uri` cannot be a redirect URI, or None."""
    if len(uri) > URI_LENGTH or not uri.isascii() or not uri.isprintable() or " " in uri:
        return f"printable ASCII without spaces, {URI_LENGTH} characters at most."
    if any(mark in uri for mark in "*#\\") or ENCODED_CONTROL.search(uri):
        return "no wildcard, fragment, backslash or encoded control character."
    try:
        parts = urlsplit(uri)
        port = parts.port
    except ValueError:
        return "the port is not a number from 1 to 65535."
    if port == 0:
        return "the port is not a number from 1 to 65535."
    if "@" in parts.netloc or "%" in parts.netloc:
        return "no user name, password or percent-encoding in its host."
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http":
        host = parts.netloc.rsplit(":", 1)[0] if port else parts.netloc
        return None if host in LOOPBACK_HOSTS else "http only on 127.0.0.1, [::1] or localhost."
    if "." in parts.scheme and not parts.netloc and parts.path.startswith("/"):
        return None  # com.example.app:/callback
    return "https, http on a loopback address, or a reverse-domain scheme (com.example.app:/)."


def new_client_id() -> str:
    return secrets.token_urlsafe(18)


def new_secret() -> str:
    """A client secret: 256 random bits, shown once."""
    return secrets.token_urlsafe(32)


def secret_matches(secret: str, stored_digest: str | None) -> bool:
    """True for the client's secret, compared in constant time; False for a public client."""
    if stored_digest is None:
        hmac.compare_digest(secret_digest(secret), secret_digest(""))  # the same work
        return False
    return hmac.compare_digest(secret_digest(secret), stored_digest)


def uri_lines(uris: Iterable[str]) -> str:
    return "\n".join(uris)


def lines_of(stored: str) -> list[str]:
    return [line for line in stored.split("\n") if line]

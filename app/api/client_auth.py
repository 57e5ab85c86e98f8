"""How a client proves it is itself (RFC 6749, 2.3): with HTTP Basic (client_secret_basic), in
the form (client_secret_post), or not at all for a public client (none), one way per request.
The identity provider's token endpoint hands these to Authlib; revocation and introspection
call `sending_client()`.

Authlib's own methods tell an unknown client_id from a wrong secret (a 400 against a 401, and
different words), which lets anyone list the registered clients; these answer both alike, with
the same work, and count each failure in the audit trail, bounded per address and minute."""

import binascii
from base64 import b64decode
from typing import Any
from urllib.parse import unquote

from flask import request

from app.api.control_characters import has_control_characters
from app.api.request_origin import request_origin
from app.models import OAuthClient
from app.ops import audit
from app.ops.audit import AuditEvent
from app.security.idp.clients import PUBLIC, secret_matches

BASIC, POST, NONE = "client_secret_basic", "client_secret_post", "none"
MAX_CLIENT_ID = 64


class ClientAuthFailed(Exception):
    """Client credentials were sent and are wrong, whatever part of them is."""


def basic_credentials(authorization: str | None) -> tuple[str, str] | None:
    """The client_id and secret of an `Authorization: Basic` header (RFC 6749, 2.3.1: each
    form-urlencoded), or None when there is none or it is not Basic credentials at all."""
    scheme, _, encoded = (authorization or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        text = b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    client_id, colon, secret = text.partition(":")
    return (unquote(client_id), unquote(secret)) if colon else None


def with_basic(query_client: Any, oauth_request: Any) -> Any:
    """Authlib's client_secret_basic, answering an unknown client as a wrong secret."""
    credentials = basic_credentials(oauth_request.headers.get("Authorization"))
    return _checked(query_client, *credentials, BASIC) if credentials else None


def with_post(query_client: Any, oauth_request: Any) -> Any:
    """Authlib's client_secret_post, likewise."""
    form = oauth_request.form
    client_id, secret = form.get("client_id"), form.get("client_secret")
    return _checked(query_client, client_id, secret, POST) if client_id and secret else None


def with_none(query_client: Any, oauth_request: Any) -> Any:
    """Authlib's none, for a public client: its client_id alone, and no secret with it. An
    unknown one is not told apart from a confidential client that sent no secret."""
    client_id = oauth_request.form.get("client_id")
    if not client_id or "client_secret" in oauth_request.form:
        return None
    return query_client(client_id)


def sending_client() -> OAuthClient | None:
    """The confidential client whose credentials came with this request, in Basic or in the
    form; None when none came; ClientAuthFailed when they are wrong."""
    credentials, method = basic_credentials(request.headers.get("Authorization")), BASIC
    if credentials is None and "client_secret" in request.form:
        credentials = (request.form.get("client_id", ""), request.form["client_secret"])
        method = POST
    if credentials is None:
        return None
    if more_than_one_way():
        raise ClientAuthFailed()
    client = find_client(credentials[0])
    if _checked(lambda _: client, *credentials, method) is None:
        raise ClientAuthFailed()
    return client


def naming_public_client() -> OAuthClient | None:
    """The public client the form's client_id names (RFC 7009, 2.1: a public client
    identifies itself that way), if it does."""
    client = find_client(request.form.get("client_id", ""))
    return client if client is not None and client.kind == PUBLIC else None


def _checked(query_client: Any, client_id: str, secret: str, method: str) -> Any:
    """The client whose secret this is; None, recorded, for anything else."""
    client = query_client(client_id)
    stored = _stored(client)
    if stored is not None and stored.kind != PUBLIC and secret_matches(secret, stored.secret_hash):
        return client
    secret_matches(secret, None)  # an unknown client costs the same work as a wrong secret
    named = str(client_id)[:MAX_CLIENT_ID]
    audit.count_refusal(
        AuditEvent.CLIENT_AUTH_FAILED,
        request_origin(),
        client="(control characters)" if has_control_characters(named) else named,
        method=method,
    )
    return None


def _stored(client: Any) -> OAuthClient | None:
    """The row behind what query_client answered (Authlib's wrapper, or the row itself)."""
    return getattr(client, "stored", client)


def more_than_one_way() -> bool:
    """A request that authenticates two ways at once (Basic and a client_secret in the form),
    or names two clients (Basic's and the form's client_id), which RFC 6749, 2.3, forbids: it
    is refused, not resolved by picking one."""
    if "Authorization" not in request.headers:
        return False
    basic = basic_credentials(request.headers["Authorization"])
    other_id = "client_id" in request.form and (
        basic is None or basic[0] != request.form["client_id"]
    )
    return "client_secret" in request.form or other_id


def find_client(client_id: str) -> OAuthClient | None:
    """The client of that id; None for anything that cannot be one (too long, or with a
    control character, which PostgreSQL could not even look up)."""
    if not isinstance(client_id, str) or not 0 < len(client_id) <= MAX_CLIENT_ID:
        return None
    if has_control_characters(client_id):
        return None
    return OAuthClient.find(client_id)

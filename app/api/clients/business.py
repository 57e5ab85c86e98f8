"""Clients, for whoever holds clients:write (and `flask clients`): register one, list them,
change one, remove one. Each change commits once and is recorded in the audit trail."""

from typing import Any

from app import db
from app.errors import InvalidField, NotFound
from app.models import AuthorizationCode, DeviceCode, LoginSession, OAuthClient, User
from app.ops import audit
from app.ops.audit import AuditEvent
from app.ops.origin import Origin
from app.security.idp import clients as rules
from app.util.datetime_util import utc_now

NO_SUCH_CLIENT = "No client with that client_id."


def register(
    origin: Origin,
    actor: User | None = None,
    *,
    name: str,
    grant_types: list[str],
    scopes: list[str],
    type: str = rules.CONFIDENTIAL,  # noqa: A002  (the contract's field name)
    redirect_uris: list[str] | None = None,
    post_logout_redirect_uris: list[str] | None = None,
    first_party: bool = False,
) -> tuple[OAuthClient, str | None]:
    """A new client and its secret (None for a public client), shown once; only its hash is
    kept. `actor` is who asks (None from the command line)."""
    now = utc_now()
    secret = rules.new_secret() if type == rules.CONFIDENTIAL else None
    client = OAuthClient(
        client_id=rules.new_client_id(),
        name=rules.checked_name(name),
        kind=type,
        secret_hash=rules.secret_digest(secret) if secret else None,
        grant_types=" ".join(_grants(type, grant_types)),
        scopes=" ".join(rules.checked_scopes(scopes)),
        redirect_uris=rules.uri_lines(rules.checked_redirect_uris(redirect_uris or [])),
        post_logout_redirect_uris=rules.uri_lines(
            rules.checked_redirect_uris(post_logout_redirect_uris or [])
        ),
        first_party=first_party,
        created_at=now,
        created_by=actor.id if actor else None,
        tokens_valid_after=now,
    )
    _needs_redirect_uri(client)
    db.session.add(client)
    audit.record(AuditEvent.CLIENT_CREATED, origin, actor=actor, client=client.client_id)
    db.session.commit()
    return client, secret


def all_clients() -> list[OAuthClient]:
    return OAuthClient.all_by_name()


def find(client_id: str) -> OAuthClient:
    client = OAuthClient.find(client_id)
    if client is None:
        raise NotFound(NO_SUCH_CLIENT)
    return client


def change(
    client_id: str, origin: Origin, actor: User | None = None, **changes: Any
) -> tuple[OAuthClient, str | None]:
    """Change what a client may do; a new secret (`new_secret=True`) is returned once. Taking
    a grant or a scope away ends every token the client holds, its own and those people
    granted it (a new secret, its own): what it was given is never widened again by giving it
    back."""
    client = find(client_id)
    before = (set(client.grant_types.split()), set(client.scopes.split()))
    if "name" in changes:
        client.name = rules.checked_name(changes["name"])
    if "grant_types" in changes:
        client.grant_types = " ".join(_grants(client.kind, changes["grant_types"]))
    if "scopes" in changes:
        client.scopes = " ".join(rules.checked_scopes(changes["scopes"]))
    for field in ("redirect_uris", "post_logout_redirect_uris"):
        if field in changes:
            setattr(client, field, rules.uri_lines(rules.checked_redirect_uris(changes[field])))
    if "first_party" in changes:
        client.first_party = bool(changes["first_party"])
    _needs_redirect_uri(client)
    secret = None
    if changes.get("new_secret") and client.kind == rules.CONFIDENTIAL:
        secret = rules.new_secret()
        client.secret_hash = rules.secret_digest(secret)
    narrowed = not (
        before[0] <= set(client.grant_types.split()) and before[1] <= set(client.scopes.split())
    )
    now = utc_now()
    if narrowed or secret:
        client.tokens_valid_after = now  # its own tokens
    if narrowed:  # and what people granted it under what it had
        LoginSession.revoke_granted_to(client_id, now)
        AuthorizationCode.spend_granted(client_id, now)
        DeviceCode.spend_granted(client_id, now)
    fields = sorted(name for name in changes if name != "new_secret") + (
        ["secret"] if secret else []
    )
    audit.record(AuditEvent.CLIENT_CHANGED, origin, actor=actor, client=client_id, fields=fields)
    db.session.commit()
    return client, secret


def remove(client_id: str, origin: Origin, actor: User | None = None) -> None:
    """Delete a client: every token issued to it is refused from now on."""
    client = find(client_id)
    db.session.delete(client)
    audit.record(AuditEvent.CLIENT_DELETED, origin, actor=actor, client=client_id)
    db.session.commit()


def _grants(kind: str, grant_types: list[str]) -> list[str]:
    try:
        return rules.checked_grants(kind, grant_types)
    except rules.ClientRefused as refused:
        raise InvalidField("grant_types", str(refused)) from None


def _needs_redirect_uri(client: OAuthClient) -> None:
    """A client that signs people in through the browser needs somewhere to return."""
    browser = {rules.AUTHORIZATION_CODE} & set(client.grant_types.split())
    if browser and not client.redirect_uris:
        raise InvalidField("redirect_uris", "The authorization_code grant needs a redirect URI.")

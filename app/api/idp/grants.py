"""The grants the token endpoint takes, as Authlib grants with this API's rules on top."""

from typing import Any

from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc6749.errors import InvalidScopeError

from app.api.client_auth import BASIC, NONE, POST
from app.security.idp.clients import OWN_TOKEN_SCOPES, ClientRefused, scope_tokens


class OwnTokenGrant(grants.ClientCredentialsGrant):  # type: ignore[misc]
    """client_credentials (RFC 6749, 4.4): a confidential client's own token. A public client
    is let through authentication ("none") only to be told unauthorized_client, rather than a
    misleading invalid_client."""

    TOKEN_ENDPOINT_AUTH_METHODS = [BASIC, POST, NONE]

    def validate_requested_scope(self) -> None:
        """Every scope asked for must be one this client's own token may hold (OWN_TOKEN_SCOPES,
        within what the client is registered for): anything else is invalid_scope, not dropped."""
        allowed = set(self.request.client.scopes) & OWN_TOKEN_SCOPES
        for name in requested_scopes(self.request.payload.scope):
            if name not in allowed:
                raise InvalidScopeError(f"This client may not ask for {name[:40]!r} here.")


def requested_scopes(scope: Any) -> list[str]:
    """The scopes of a request, parsed strictly (clients.scope_tokens); invalid_scope for a
    malformed one."""
    try:
        return scope_tokens(scope or "")
    except ClientRefused as refused:
        raise InvalidScopeError(str(refused)) from None

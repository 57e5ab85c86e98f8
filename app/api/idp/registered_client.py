"""A stored client as Authlib's server asks about it (ClientMixin): the answers come from the
row and the rules of app/security/idp/clients.py, never from the request."""

from dataclasses import dataclass

from authlib.oauth2.rfc6749 import ClientMixin

from app.models import OAuthClient
from app.security.idp.clients import CONFIDENTIAL, lines_of, secret_matches

CONFIDENTIAL_METHODS = ("client_secret_basic", "client_secret_post")


@dataclass
class RegisteredClient(ClientMixin):  # type: ignore[misc]  # Authlib is untyped
    stored: OAuthClient

    @property
    def client_id(self) -> str:
        return self.stored.client_id

    @property
    def scopes(self) -> list[str]:
        return self.stored.scopes.split()

    def get_client_id(self) -> str:
        return self.stored.client_id

    def get_default_redirect_uri(self) -> str | None:
        """None: every authorization request names its redirect_uri, matched exactly."""
        return None

    def get_allowed_scope(self, scope: str) -> str:
        """The requested scopes this client is registered for; the grants refuse the rest
        before this is asked."""
        return " ".join(name for name in scope.split() if name in self.scopes)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        """Exact string comparison (RFC 9700, 2.1): no prefix, no pattern, no normalising."""
        return redirect_uri in lines_of(self.stored.redirect_uris)

    def check_client_secret(self, client_secret: str) -> bool:
        return secret_matches(client_secret, self.stored.secret_hash)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        """A confidential client proves itself with its secret; a public one cannot."""
        if self.stored.kind == CONFIDENTIAL:
            return method in CONFIDENTIAL_METHODS
        return method == "none"

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in self.stored.grant_types.split()

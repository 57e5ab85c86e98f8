"""The provider's metadata document (OpenID Connect Discovery 1.0, 3; RFC 8414, 2), and the one
table of the provider's paths, which the routes that serve them are to use too."""

from typing import Any

from app.api.client_auth import BASIC, NONE, POST
from app.security.id_tokens import CLAIMS_SUPPORTED
from app.security.idp.clients import CLIENT_SCOPES, GRANT_TYPES

# Where clients look for the document, by endpoint name: OpenID Connect's path and RFC 8414's.
DISCOVERY_PATHS = {
    "openid_configuration": "/.well-known/openid-configuration",
    "oauth_authorization_server": "/.well-known/oauth-authorization-server",
}
# Each metadata field naming an endpoint, and the endpoint's path under PUBLIC_URL.
ENDPOINT_PATHS = {
    "authorization_endpoint": "/api/v1/oauth/authorize",
    "token_endpoint": "/api/v1/oauth/token",
    "userinfo_endpoint": "/api/v1/oauth/userinfo",
    "jwks_uri": "/api/v1/auth/jwks.json",
    "end_session_endpoint": "/api/v1/oauth/logout",
    "device_authorization_endpoint": "/api/v1/oauth/device_authorization",
    "revocation_endpoint": "/api/v1/auth/revoke",
    "introspection_endpoint": "/api/v1/auth/introspect",
}
CLIENT_AUTHENTICATION = (BASIC, POST, NONE)


def provider_metadata(issuer: str, id_token_algorithms: list[str]) -> dict[str, Any]:
    """The metadata of the provider at `issuer` (PUBLIC_URL, the same string as every `iss`)."""
    return {
        "issuer": issuer,
        **{field: issuer + path for field, path in ENDPOINT_PATHS.items()},
        "response_types_supported": ["code"],  # no implicit or hybrid flow (RFC 9700, 2.1.2)
        "response_modes_supported": ["query"],
        "grant_types_supported": list(GRANT_TYPES),
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": id_token_algorithms,
        "token_endpoint_auth_methods_supported": list(CLIENT_AUTHENTICATION),
        "code_challenge_methods_supported": ["S256"],  # PKCE required, never plain
        "scopes_supported": list(CLIENT_SCOPES),  # what a client may be given, no more
        "claims_supported": list(CLAIMS_SUPPORTED),
        "authorization_response_iss_parameter_supported": True,  # RFC 9207
        "request_parameter_supported": False,
        "request_uri_parameter_supported": False,
    }

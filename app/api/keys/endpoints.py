"""keys_ns: the JWK Set at /api/v1/auth/jwks.json, also served at /.well-known/jwks.json."""

from http import HTTPStatus
from typing import Any

from flask import current_app
from flask_restx import Resource

from app.api.keys.dto import jwk_model, jwks_model
from app.api.readable_swagger import DocumentedNamespace

keys_ns = DocumentedNamespace(
    name="keys", description="Public keys that verify our tokens (RFC 7517)"
)
for model in (jwk_model, jwks_model):
    keys_ns.add_model(model.name, model)


def jwks_response() -> tuple[dict[str, Any], HTTPStatus, dict[str, str]]:
    """The public keys, cacheable for JWKS_MAX_AGE: shorter than an old key stays listed. A
    cache keeps a copy per Origin, as the CORS headers differ (none without Origin, too)."""
    max_age = current_app.config["JWKS_MAX_AGE"]
    headers = {"Cache-Control": f"public, max-age={max_age}", "Vary": "Origin"}
    return {"keys": published_keys()}, HTTPStatus.OK, headers


def published_keys() -> list[dict[str, str]]:
    """The access-token keys (none for a shared secret, which is never published), signing one
    first, then the ID-token keys; a key that does both is listed once."""
    access = current_app.extensions["jwt_keyring"].public_jwks
    listed = {jwk["kid"] for jwk in access}
    id_token = current_app.extensions["id_token_keys"].public_jwks()
    return access + [jwk for jwk in id_token if jwk["kid"] not in listed]


@keys_ns.route("/jwks.json", endpoint="jwks")
class JSONWebKeySet(Resource):
    """The JWK Set."""

    @keys_ns.response(int(HTTPStatus.OK), "The public keys.", jwks_model)
    def get(self) -> tuple[dict[str, Any], HTTPStatus, dict[str, str]]:
        """Get the public keys that verify this API's tokens (a JWK Set).

        Anyone may call it, no token needed. Every key still accepted is listed, the signing
        one first; other services verify access tokens with them (none with HS256, whose
        secret is never published). The keys that sign ID tokens follow, for OpenID Connect
        clients (RS256).
        """
        return jwks_response()

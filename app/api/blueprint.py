"""api_bp: the Api at /api/v1, its namespaces, its documents (swagger.json, openapi.json) and
Swagger UI at /api/v1/ui, which reads the OpenAPI 3 one. Built on import, so only create_app
imports it: a use case, and the CLI that calls it, go without."""

import json
from importlib.metadata import version
from typing import Any

from flask import Blueprint, Response, current_app, render_template, url_for
from flask_restx import Api
from werkzeug.wrappers import Response as Redirect

from app.api.account.endpoints import account_ns
from app.api.audit.endpoints import audit_ns
from app.api.auth.endpoints import auth_ns
from app.api.auth.oauth_endpoints import oauth_ns
from app.api.clients.endpoints import clients_ns
from app.api.consents.endpoints import consents_ns
from app.api.control_characters import refuse_in_path_and_query
from app.api.errors import register_api_error_handlers
from app.api.front_door import to_swagger_ui
from app.api.headers import add_api_headers
from app.api.health.endpoints import health_ns
from app.api.identities.endpoints import identities_ns
from app.api.idp import device_endpoints  # noqa: F401  (its route joins idp_ns)
from app.api.idp.endpoints import idp_ns
from app.api.invitations.endpoints import invitations_ns
from app.api.keys.endpoints import keys_ns
from app.api.login_codes.endpoints import login_codes_ns
from app.api.mfa.endpoints import mfa_ns
from app.api.oidc.endpoints import oidc_ns
from app.api.openapi import openapi_document
from app.api.passkeys.endpoints import passkeys_ns
from app.api.readable_swagger import ReadableSwagger
from app.api.sessions.endpoints import sessions_ns
from app.api.tokens.endpoints import tokens_ns
from app.api.users.endpoints import users_ns
from app.api.widgets.endpoints import widget_ns
from app.security.idp.clients import SCOPE_WORDS
from app.security.permissions import PERMISSION_DESCRIPTIONS

DESCRIPTION = (
    "A JSON API with bearer-token authentication. Register or log in under **auth**, copy the "
    "`access_token` from the response, click **Authorize** and paste the token alone: the page "
    "sends `Bearer <token>`. Every error is JSON: `{status, message, errors?}`. This page reads "
    "the OpenAPI 3 document, `openapi.json`; `swagger.json` (Swagger 2.0) stays for existing "
    "clients."
)


class OpenApi3Ui(Api):
    """flask-restx's Api, whose Swagger UI reads openapi.json: a bearer scheme, so the
    Authorize dialog asks for the token alone."""

    _document: dict[str, Any] | None = None  # built on first use, then kept

    def make_response(self, data: Any, code: int = 200, headers: Any = None, **_: Any) -> Response:
        """Every answer in JSON, as flask-restx writes it (one line and a newline, indented in
        debug), without its content negotiation: with JSON the one representation and the
        default, the negotiation always chose JSON, and weighing the Accept header cost a
        tenth of GET /health."""
        body = json.dumps(data, indent=4 if current_app.debug else None) + "\n"
        return current_app.response_class(
            body, status=code, headers=headers, content_type="application/json"
        )

    def render_root(self) -> Redirect:
        """/api/v1/ leads to Swagger UI (flask-restx's own answers 404)."""
        return to_swagger_ui()

    def render_doc(self) -> str:
        """Swagger UI's page of our own (templates/swagger_ui.html), with a box that filters the
        operations by tag: flask-restx's page sets its script and styles inline, which the
        page's Content-Security-Policy would refuse, and has no setting for the filter."""
        return render_template("swagger_ui.html", title=self.title, specs_url=self.specs_url)

    @property
    def specs_url(self) -> str:
        return url_for("api.openapi")

    @property
    def __schema__(self) -> dict[str, Any]:
        """The Swagger 2.0 document, built once (readable_swagger.py), without the global
        responses flask-restx names after each error handler's exception class: those would
        tell a reader what the server runs on, and no operation refers to them."""
        if self._document is None:
            self._document = ReadableSwagger(self).as_dict()
        schema = dict(self._document)
        schema.pop("responses", None)
        return schema


# The paths in the order a person uses them, which is the order of the operations in each tag
# of Swagger UI; test_documentation.py fails for a path missing here.
READING_ORDER = [
    "/auth/register",
    "/auth/login",
    "/auth/refresh",
    "/auth/user",
    "/auth/logout",
    "/auth/logout-all",
    "/auth/verify-email",
    "/auth/verify-email/resend",
    "/auth/password",
    "/auth/password-reset",
    "/auth/password-reset/confirm",
    "/auth/email",
    "/auth/email/confirm",
    "/auth/login/code",
    "/auth/login/code/confirm",
    "/auth/mfa/totp",
    "/auth/mfa/totp/confirm",
    "/auth/mfa/email",
    "/auth/mfa/email/confirm",
    "/auth/login/mfa",
    "/auth/login/mfa/email",
    "/auth/login/mfa/passkey/options",
    "/auth/mfa/recovery-codes",
    "/auth/mfa/email/code",
    "/auth/reauthenticate",
    "/auth/passkeys/register/options",
    "/auth/passkeys",
    "/auth/passkeys/login/options",
    "/auth/passkeys/login",
    "/auth/passkeys/{passkey_id}",
    "/auth/oidc/providers",
    "/auth/oidc/{name}/authorize",
    "/auth/oidc/{name}/callback",
    "/auth/oidc/exchange",
    "/auth/identities",
    "/auth/identities/{identity_id}",
    "/auth/sessions",
    "/auth/sessions/{session_id}",
    "/auth/tokens",
    "/auth/tokens/{token_id}",
    "/auth/consents",
    "/auth/consents/{client_id}",
    "/auth/token",
    "/auth/revoke",
    "/auth/introspect",
    "/widgets",
    "/widgets/{name}",
    "/users",
    "/users/{public_id}",
    "/users/{public_id}/logout-all",
    "/users/{public_id}/mfa",
    "/users/{public_id}/tokens",
    "/users/{public_id}/tokens/{token_id}",
    "/users/invitations",
    "/users/invitations/{invitation_id}",
    "/clients",
    "/clients/{client_id}",
    "/oauth/authorize",
    "/oauth/device_authorization",
    "/oauth/token",
    "/oauth/userinfo",
    "/oauth/logout",
    "/audit",
    "/auth/jwks.json",
    "/health",
]

api_bp = Blueprint("api", __name__, url_prefix="/api/v1")
api_bp.before_request(refuse_in_path_and_query)
api_bp.after_request(add_api_headers)
api = OpenApi3Ui(
    api_bp,
    version=version("flask-jwt-api"),  # pyproject.toml's, as pip installed the package
    title="Flask JWT API",
    description=DESCRIPTION,
    doc="/ui",
    authorizations={
        "Bearer": {"type": "apiKey", "in": "header", "name": "Authorization"},
        "OAuth2": {
            "type": "oauth2",
            "flow": "password",
            "tokenUrl": "/api/v1/auth/token",
            "scopes": PERMISSION_DESCRIPTIONS,
        },
        # Tokens a person grants another app (the identity provider): userinfo takes these.
        "OpenID": {
            "type": "oauth2",
            "flow": "accessCode",
            "authorizationUrl": "/api/v1/oauth/authorize",
            "tokenUrl": "/api/v1/oauth/token",
            "scopes": SCOPE_WORDS,
        },
    },
)
# Namespaces in the order a person meets them; Swagger UI shows their tags in this order.
api.add_namespace(auth_ns, path="/auth")
api.add_namespace(account_ns, path="/auth")
api.add_namespace(login_codes_ns, path="/auth")
api.add_namespace(mfa_ns, path="/auth")
api.add_namespace(passkeys_ns, path="/auth/passkeys")
api.add_namespace(oidc_ns, path="/auth/oidc")
api.add_namespace(identities_ns, path="/auth/identities")
api.add_namespace(sessions_ns, path="/auth/sessions")
api.add_namespace(tokens_ns, path="/auth/tokens")
api.add_namespace(consents_ns, path="/auth/consents")
api.add_namespace(oauth_ns, path="/auth")
api.add_namespace(widget_ns, path="/widgets")
api.add_namespace(users_ns, path="/users")
api.add_namespace(invitations_ns, path="/users/invitations")
api.add_namespace(clients_ns, path="/clients")
api.add_namespace(idp_ns, path="/oauth")
api.add_namespace(audit_ns, path="/audit")
api.add_namespace(keys_ns, path="/auth")
api.add_namespace(health_ns, path="/health")
register_api_error_handlers(api)


@api_bp.get("/openapi.json")
def openapi() -> dict[str, Any]:
    """The OpenAPI 3 document, converted once per app from the Swagger 2.0 one."""
    extensions = current_app.extensions
    if "openapi" not in extensions:
        extensions["openapi"] = openapi_document(api.__schema__, READING_ORDER)
    document: dict[str, Any] = extensions["openapi"]
    return document

"""The authorization server: Authlib's, told how to find clients, how they authenticate, which
grants they may use, and how this API mints and records their tokens. One per app, made when
first asked (`authorization_server()`)."""

from typing import Any

from authlib.integrations.flask_oauth2 import AuthorizationServer
from flask import current_app

from app import db
from app.api import client_auth
from app.api.idp.device_authorization import DeviceAuthorization
from app.api.idp.device_grant import DeviceGrant, device_tokens
from app.api.idp.grants import (
    CodeGrant,
    Grantor,
    GrantSignIn,
    IdTokens,
    OwnTokenGrant,
    RequiredS256,
    RotatingRefreshGrant,
    granted_session_tokens,
    requested_scopes,
)
from app.api.idp.registered_client import RegisteredClient
from app.api.request_origin import request_origin
from app.ops import audit
from app.ops.audit import AuditEvent
from app.running import setting
from app.security import tokens
from app.security.idp.clients import DEVICE_CODE, OWN_TOKEN_SCOPES
from app.security.permissions import scope_text

SERVER = "authorization_server"


def authorization_server() -> AuthorizationServer:
    """This app's authorization server."""
    extensions = current_app.extensions
    if SERVER not in extensions:
        extensions[SERVER] = _new_server()
    return extensions[SERVER]


def _new_server() -> AuthorizationServer:
    server = AuthorizationServer(query_client=_query_client, save_token=_save_token)
    server.register_client_auth_method(client_auth.BASIC, client_auth.with_basic)
    server.register_client_auth_method(client_auth.POST, client_auth.with_post)
    server.register_client_auth_method(client_auth.NONE, client_auth.with_none)
    server.register_grant(OwnTokenGrant)
    server.register_grant(CodeGrant, [RequiredS256(required=True), IdTokens()])
    server.register_grant(RotatingRefreshGrant)
    server.register_token_generator("client_credentials", _own_token)
    server.register_token_generator("authorization_code", _session_tokens)
    server.register_grant(DeviceGrant)  # RFC 8628
    server.register_endpoint(DeviceAuthorization)
    server.register_token_generator(DEVICE_CODE, device_tokens)
    return server


def _query_client(client_id: Any) -> RegisteredClient | None:
    if not isinstance(client_id, str):
        return None
    stored = client_auth.find_client(client_id)
    return RegisteredClient(stored) if stored else None


def _own_token(*, client: RegisteredClient, scope: str | None, **_: Any) -> dict[str, Any]:
    """A client's own access token: the scopes asked for, or else every scope its own token
    may hold (OwnTokenGrant checked them)."""
    asked = requested_scopes(scope) or set(client.scopes) & OWN_TOKEN_SCOPES
    granted = scope_text(asked)
    issued = tokens.issue_client_token(client.client_id, granted)
    return {
        "token_type": "Bearer",
        "access_token": issued.token,
        "expires_in": setting("ACCESS_TOKEN_EXPIRE_SECONDS"),
        "scope": granted,
    }


def _session_tokens(
    *, client: RegisteredClient, user: Grantor, scope: str, include_refresh_token: bool, **_: Any
) -> dict[str, Any]:
    """The tokens of an authorization code (granted_session_tokens), with the code's sign-in."""
    code = user.code
    signed_in = GrantSignIn(code.auth_time, code.amr.split(","), code.signed_in_session)
    body, code.session_id = granted_session_tokens(
        user.user, client.client_id, scope, signed_in, include_refresh_token=include_refresh_token
    )
    return body


def _save_token(token: dict[str, Any], oauth_request: Any) -> None:
    """Nothing of a token is stored (it is checked by signature and the client's row); its
    issue is recorded."""
    audit.record(
        AuditEvent.OAUTH_TOKEN_ISSUED,
        request_origin(),
        client=oauth_request.client.client_id,
        grant=oauth_request.payload.grant_type,
        scope=token.get("scope", ""),
    )
    db.session.commit()

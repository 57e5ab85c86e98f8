"""The grants the token endpoint takes, as Authlib grants with this API's rules on top: a
client's own token, the authorization code (PKCE S256 always, OpenID Connect's ID token), and
refresh with rotation through the one refresh check every route shares."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc6749.errors import (
    InvalidGrantError,
    InvalidRequestError,
    InvalidScopeError,
    UnauthorizedClientError,
)
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core.grants import OpenIDCode

from app import db
from app.accounts import refresh_sessions
from app.accounts.sessions import IssuedTokens, revoke_session, start_client_session
from app.api.client_auth import BASIC, NONE, POST
from app.api.public_url import public_origin
from app.api.request_origin import request_origin
from app.models import AuthorizationCode, LoginSession, User
from app.running import extension, setting
from app.security.digests import secret_digest
from app.security.id_tokens import claims_for_scopes, issue_id_token
from app.security.idp.clients import OWN_TOKEN_SCOPES, ClientRefused, scope_tokens
from app.util.datetime_util import utc_now
from app.util.result import Fail

CODE_LIFETIME = timedelta(seconds=60)  # RFC 9700, 4.1: short; a code is exchanged at once
ALL_METHODS = [BASIC, POST, NONE]


class OwnTokenGrant(grants.ClientCredentialsGrant):  # type: ignore[misc]
    """client_credentials (RFC 6749, 4.4): a confidential client's own token. A public client
    is let through authentication ("none") only to be told unauthorized_client, rather than a
    misleading invalid_client."""

    TOKEN_ENDPOINT_AUTH_METHODS = ALL_METHODS

    def validate_requested_scope(self) -> None:
        """Every scope asked for must be one this client's own token may hold (OWN_TOKEN_SCOPES,
        within what the client is registered for): anything else is invalid_scope, not dropped."""
        allowed = set(self.request.client.scopes) & OWN_TOKEN_SCOPES
        for name in requested_scopes(self.request.payload.scope):
            if name not in allowed:
                raise InvalidScopeError(f"This client may not ask for {name[:40]!r} here.")
        if not allowed:
            raise InvalidScopeError("This client is registered for no scope its own token holds.")


@dataclass(frozen=True)
class Grantor:
    """Who granted an authorization code and how they signed in: what its tokens and ID token
    say. Authlib carries it as the code's `user`."""

    user: User
    code: AuthorizationCode


@dataclass(frozen=True)
class StoredCode:
    """A stored code as Authlib and its PKCE check ask about it."""

    row: AuthorizationCode

    code_challenge_method = "S256"

    @property
    def code_challenge(self) -> str:
        return self.row.code_challenge

    def get_redirect_uri(self) -> str:
        return self.row.redirect_uri

    def get_scope(self) -> str:
        return self.row.scope


class CodeGrant(grants.AuthorizationCodeGrant):  # type: ignore[misc]
    """authorization_code (RFC 6749, 4.1): a code works once, within 60 seconds, for its client
    and redirect URI; a second use ends the session the first one started (4.1.2)."""

    TOKEN_ENDPOINT_AUTH_METHODS = ALL_METHODS

    def validate_requested_scope(self) -> None:
        check_person_scopes(self.request.client, self.request.payload.scope)

    def save_authorization_code(self, code: str, request: Any) -> None:
        signed_in = request.user
        data = request.payload.data
        db.session.add(
            AuthorizationCode(
                code_hash=secret_digest(code),
                client_id=request.client.client_id,
                user_id=signed_in.user.id,
                redirect_uri=request.payload.redirect_uri,
                scope=request.scope,
                nonce=data.get("nonce"),
                code_challenge=data["code_challenge"],
                auth_time=signed_in.auth_time,
                amr=",".join(signed_in.amr),
                signed_in_session=signed_in.session_id,
                expires_at=utc_now() + CODE_LIFETIME,
            )
        )

    def query_authorization_code(self, code: str, client: Any) -> StoredCode | None:
        """The client's live code; one that comes back after its use ends what it started."""
        row = AuthorizationCode.find(secret_digest(code), client.client_id)
        if row is None or row.expires_at <= utc_now():
            return None
        if row.used_at is not None:
            _end_what_it_started(row)
            return None
        return StoredCode(row)

    def authenticate_user(self, authorization_code: StoredCode) -> Grantor | None:
        """Spend the code (one atomic UPDATE: of two racing exchanges, one wins) and its user."""
        row = authorization_code.row
        spent = AuthorizationCode.spend(row.code_hash, utc_now())
        user = db.session.get(User, row.user_id)
        if spent is None or user is None or user.disabled:
            return None
        if not LoginSession.not_ended(spent.signed_in_session):  # signed out since
            return None
        return Grantor(user, spent)

    def delete_authorization_code(self, authorization_code: StoredCode) -> None:
        """Kept, spent, until it expires: a second use must still be recognised."""


class RequiredS256(CodeChallenge):  # type: ignore[misc]
    """PKCE for every client, with S256 only (RFC 9700, 2.1.1): a request without it, or with
    `plain`, is sent back invalid_request."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]
    DEFAULT_CODE_CHALLENGE_METHOD = "S256"

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("PKCE is required: send code_challenge (S256).")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("code_challenge_method must be S256.")
        super().validate_code_challenge(grant, redirect_uri)

    def validate_code_verifier(self, grant: Any, result: Any) -> None:
        if not grant.request.form.get("code_verifier"):
            raise InvalidRequestError("Send the code_verifier of the authorization request.")
        super().validate_code_verifier(grant, result)


class IdTokens(OpenIDCode):  # type: ignore[misc]
    """OpenID Connect's part of the code flow: the nonce is never replayed, and the token
    response carries an ID token signed with the provider's key (id_tokens.py)."""

    def exists_nonce(self, nonce: str, request: Any) -> bool:
        return AuthorizationCode.nonce_used(request.payload.client_id, nonce)

    def process_token(self, grant: Any, response: Any) -> Any:
        _, token, _ = response
        grantor: Grantor = grant.request.user
        code = grantor.code
        signed_in = GrantSignIn(code.auth_time, code.amr.split(","), code.signed_in_session)
        return with_id_token(token, grantor.user, code.client_id, signed_in, nonce=code.nonce)


class RotatingRefreshGrant(grants.RefreshTokenGrant):  # type: ignore[misc]
    """refresh_token (RFC 6749, 6) for a session granted to this client, through the check
    every route that takes a refresh token applies: rotated on each use, a reuse ends the whole
    chain (refresh_sessions.py). A scope asked for may not exceed what was granted."""

    TOKEN_ENDPOINT_AUTH_METHODS = ALL_METHODS

    def validate_token_request(self) -> None:
        client = self.authenticate_token_endpoint_client()
        if not client.check_grant_type(self.GRANT_TYPE):
            raise UnauthorizedClientError("This client may not use the refresh_token grant.")
        token = self.request.form.get("refresh_token")
        if not token:
            raise InvalidRequestError("Send the refresh_token.")
        found = refresh_sessions.resolve_refresh_session(token, request_origin(), grace=True)
        if isinstance(found, Fail) or found.value.session.client_id != client.client_id:
            raise InvalidGrantError("The refresh token is invalid, spent or not this client's.")
        granted = found.value.session.scope.split()
        if refused := next(
            (n for n in requested_scopes(self.request.payload.scope) if n not in granted), None
        ):
            raise InvalidScopeError(f"{refused[:40]!r} was not granted.")
        self.request.client = client
        self.request.refresh_session = found.value

    def create_token_response(self) -> tuple[int, dict[str, Any], Any]:
        found = self.request.refresh_session
        issued = refresh_sessions.rotate(found, request_origin())
        if issued is None:
            raise InvalidGrantError("The refresh token is invalid, spent or not this client's.")
        token = session_token_body(issued, found.session.scope, with_refresh=True)
        self.request.user = found.user
        self.save_token(token)
        return 200, token, self.TOKEN_RESPONSE_HEADER


def session_token_body(issued: IssuedTokens, scope: str, *, with_refresh: bool) -> dict[str, Any]:
    """RFC 6749, 5.1, for a session granted to a client: `scope` is all it was granted."""
    body = {
        "token_type": "Bearer",
        "access_token": issued.access_token,
        "expires_in": setting("ACCESS_TOKEN_EXPIRE_SECONDS"),
        "scope": scope,
    }
    return body | ({"refresh_token": issued.refresh_token} if with_refresh else {})


@dataclass(frozen=True)
class GrantSignIn:
    """The sign-in behind a person's grant to a client (a code, a device code): what the
    session it starts and its ID token say of when and how they proved who they are."""

    auth_time: datetime
    amr: list[str]
    session_id: str


def with_id_token(
    token: dict[str, Any], user: User, client_id: str, signed_in: GrantSignIn, nonce: str | None
) -> dict[str, Any]:
    """`token` with an ID token signed with the provider's key (id_tokens.py) when its scope
    has openid (OpenID Connect Core, 3.1.3.3); the same token otherwise."""
    scopes = token.get("scope", "").split()
    if "openid" not in scopes:
        return token
    token["id_token"] = issue_id_token(
        extension("id_token_keys"),
        issuer=public_origin(),
        subject=user.public_id,
        client_id=client_id,
        auth_time=signed_in.auth_time,
        amr=signed_in.amr,
        lifetime=timedelta(seconds=setting("ACCESS_TOKEN_EXPIRE_SECONDS")),
        nonce=nonce,
        access_token=token["access_token"],
        session_id=signed_in.session_id,
        extra_claims=claims_for_scopes(user, scopes),
    )
    return token


def granted_session_tokens(
    user: User, client_id: str, scope: str, signed_in: GrantSignIn, *, include_refresh_token: bool
) -> tuple[dict[str, Any], str]:
    """What a person's grant to a client is exchanged for: a login session granted to the
    client, with the sign-in time and methods of the grant, and its tokens; a refresh token only
    with offline_access (OIDC Core, 11) and the refresh_token grant. Also the session's id."""
    scopes = scope.split()
    issued = start_client_session(
        user, request_origin(), client_id, scopes, signed_in.auth_time, signed_in.amr
    )
    with_refresh = include_refresh_token and "offline_access" in scopes
    return session_token_body(issued, scope, with_refresh=with_refresh), issued.session_id


def check_person_scopes(client: Any, scope: Any) -> None:
    """A person's grant asks for scopes, each one the client is registered for; invalid_scope
    otherwise (the authorization code and the device flow alike)."""
    names = requested_scopes(scope)
    if not names:
        raise InvalidScopeError("Ask for at least one scope, such as openid.")
    if refused := next((n for n in names if n not in client.scopes), None):
        raise InvalidScopeError(f"This client may not ask for {refused[:40]!r}.")


def requested_scopes(scope: Any) -> list[str]:
    """The scopes of a request, parsed strictly (clients.scope_tokens); invalid_scope for a
    malformed one."""
    try:
        return scope_tokens(scope or "")
    except ClientRefused as refused:
        raise InvalidScopeError(str(refused)) from None


def _end_what_it_started(row: AuthorizationCode) -> None:
    """A spent code came back: someone else holds a copy, so the session its first exchange
    started ends (RFC 6749, 4.1.2), in a commit of its own before the refusal."""
    session = db.session.get(LoginSession, row.session_id) if row.session_id else None
    if session is not None and session.revoked_at is None:
        revoke_session(session)
        db.session.commit()

"""oauth_ns: the standard OAuth 2.0 endpoints under /api/v1/auth, for client libraries, Swagger
UI's Authorize dialog and other services. They answer in the RFCs' own shapes, not the envelope:
token (RFC 6749, password and refresh_token grants), revoke (RFC 7009), introspect (RFC 7662).
"""

from http import HTTPStatus
from typing import Any

from flask import Response, g, request
from flask_restx import Resource

from app.accounts.sign_in import SecondStepNeeded, SignedIn, SignInOutcome
from app.accounts.two_factor import prompt_for
from app.api import examples
from app.api.auth import business
from app.api.auth.decorator import permission_required
from app.api.auth.dto import (
    introspection_model,
    oauth_introspect_reqparser,
    oauth_mfa_model,
    oauth_revoke_reqparser,
    oauth_token_body,
    oauth_token_model,
    oauth_token_reqparser,
)
from app.api.body import body_values
from app.api.client_auth import ClientAuthFailed, naming_public_client, sending_client
from app.api.control_characters import has_control_characters
from app.api.errors import CLIENT_AUTH_FAILED, basic_challenge, error_model
from app.api.limits import TOO_MANY, rate_limit
from app.api.oauth_errors import CLIENT_REFUSED, invalid, oauth_error_model
from app.api.readable_swagger import DocumentedNamespace
from app.api.request_origin import request_origin
from app.errors import AccountDisabled, BadCredentials, ScopeRefused, TokenRefused
from app.security.permissions import requested_scope

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}  # RFC 6749, section 5.1
OAuthAnswer = tuple[dict[str, Any], int, dict[str, str]]

oauth_ns = DocumentedNamespace(name="oauth", description="OAuth 2.0: token, revoke, introspect")
for model in (
    oauth_token_model,
    oauth_error_model,
    oauth_mfa_model,
    introspection_model,
):
    oauth_ns.add_model(model.name, model)
oauth_ns.add_model(error_model.name, error_model)


def _sentence(text: str) -> str:
    """A domain error's message as RFC 6749 error_description: a capital and a full stop."""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


class OAuthRefusal(Exception):
    """An answer of RFC 6749, section 5.2: `error` and a sentence for a person."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error


@oauth_ns.route("/token", endpoint="oauth_token")
class Token(Resource):
    """Tokens for OAuth 2.0 clients."""

    @oauth_ns.expect(oauth_token_reqparser)
    @oauth_ns.response(int(HTTPStatus.OK), "RFC 6749, section 5.1.", oauth_token_model)
    @oauth_ns.response(*invalid("invalid_grant", _sentence(str(BadCredentials()))))
    @oauth_ns.response(
        int(HTTPStatus.FORBIDDEN),
        "Two-factor is on: finish at POST /auth/login/mfa.",
        oauth_mfa_model,
        {
            "error": "mfa_required",
            "error_description": prompt_for(["totp"]),
            "mfa_token": examples.MFA_TOKEN,
            "methods": ["totp", "recovery_code"],
        },
    )
    @oauth_ns.response(*TOO_MANY)
    @rate_limit("RATELIMIT_LOGIN")
    def post(self) -> OAuthAnswer:
        """Get tokens the OAuth 2.0 way, with a password or a refresh token.

        Anyone may call it, no token needed; it is what Swagger UI's Authorize dialog uses.
        grant_type=password takes username (the email) and password; grant_type=refresh_token
        takes the refresh_token, which is spent. scope narrows the tokens to some of your
        permissions. Errors follow RFC 6749, without the envelope.
        """
        try:
            outcome = _granted()
        except OAuthRefusal as refusal:
            return _refused(refusal.error, str(refusal))
        if isinstance(outcome, SecondStepNeeded):
            body: dict[str, Any] = {
                "error": "mfa_required",
                "error_description": outcome.prompt,
                "mfa_token": outcome.mfa_token,
                "methods": outcome.methods,
            }
            return body, HTTPStatus.FORBIDDEN, NO_STORE
        return oauth_token_body(outcome.tokens), HTTPStatus.OK, NO_STORE


@oauth_ns.route("/revoke", endpoint="oauth_revoke")
class Revoke(Resource):
    """Revocation (RFC 7009)."""

    @oauth_ns.expect(oauth_revoke_reqparser)
    @oauth_ns.response(int(HTTPStatus.OK), "Revoked, or nothing to revoke: the same answer.")
    @oauth_ns.response(*invalid("invalid_request", "Send the token to revoke."))
    @oauth_ns.response(*CLIENT_REFUSED)
    @oauth_ns.response(*TOO_MANY)
    @rate_limit("RATELIMIT_OAUTH_TOKEN")
    def post(self) -> Response | OAuthAnswer:
        """Revoke an access, refresh or personal token you hold (RFC 7009).

        Anyone holding one of this API's own tokens may call it, no other token needed. A
        token issued to a registered client is revoked only by that client: with its
        credentials (HTTP Basic or client_id and client_secret), or a public client's
        client_id. The answer is the same whether anything was revoked or not.
        """
        try:
            client = sending_client() or naming_public_client()
        except ClientAuthFailed:
            return _client_refused()
        try:
            token, _ = _text_field("token"), _text_field("token_type_hint")
        except OAuthRefusal:  # a control character anywhere: a request to revoke nothing
            return _revoked()
        if not token:
            return _refused("invalid_request", "Send the token to revoke.")
        business.revoke_any(token, request_origin(), client.client_id if client else None)
        return _revoked()


@oauth_ns.route("/introspect", endpoint="oauth_introspect")
class Introspect(Resource):
    """Introspection (RFC 7662), for other services."""

    @oauth_ns.expect(oauth_introspect_reqparser)
    @oauth_ns.response(
        int(HTTPStatus.OK), "`active`; the rest only when true.", introspection_model
    )
    @oauth_ns.response(*invalid("invalid_request", "Send the token to look at."))
    @oauth_ns.response(*TOO_MANY)
    @rate_limit("RATELIMIT_OAUTH_TOKEN")
    @permission_required("tokens:introspect", or_a_client=True)
    def post(self) -> OAuthAnswer:
        """Tell whether a token works now, and whose it is (RFC 7662).

        A token that holds tokens:introspect (admins), for other services; or a registered
        client's credentials (HTTP Basic or client_id and client_secret), for the tokens
        issued to that client alone. Revoked, logged out, disabled and expired tokens are not
        active; an active one comes with its subject, scope and expiry.
        """
        try:
            token = _text_field("token")
        except OAuthRefusal as refusal:
            return _refused(refusal.error, str(refusal))
        if not token:
            return _refused("invalid_request", "Send the token to look at.")
        client_id = g.client.client_id if g.client else None
        return business.introspect(token, client_id), HTTPStatus.OK, NO_STORE


def _granted() -> SignInOutcome:
    """What the grant in the body earns; OAuthRefusal says why not."""
    grant, scope = _text_field("grant_type"), _requested_scope()
    username, password = _text_field("username"), _text_field("password")
    refresh_token = _text_field("refresh_token")  # every field read, whichever grant uses it
    try:
        if grant == "password":
            if not username or not password:
                raise OAuthRefusal("invalid_request", "Send username (your email) and password.")
            return business.log_in(username, password, request_origin(), scope)
        if grant == "refresh_token":
            if not refresh_token:
                raise OAuthRefusal("invalid_request", "Send the refresh_token.")
            return SignedIn(business.rotate_refresh_token(refresh_token, request_origin(), scope))
    except (BadCredentials, AccountDisabled, TokenRefused) as refused:
        raise OAuthRefusal("invalid_grant", _sentence(str(refused))) from None
    except ScopeRefused as refused:
        raise OAuthRefusal("invalid_scope", str(refused)) from None
    raise OAuthRefusal("unsupported_grant_type", "grant_type must be password or refresh_token.")


def _requested_scope() -> list[str]:
    """The permissions `scope` names (none: all the user's); unknown ones are invalid_scope."""
    try:
        return requested_scope(_text_field("scope") or "")
    except ValueError as unknown:
        raise OAuthRefusal("invalid_scope", str(unknown)) from None


def _text_field(name: str) -> str | None:
    """A field of the form (or JSON) body, None when it is not sent. Sent twice (RFC 6749,
    section 3.2), or as anything but text, it is invalid_request rather than ignored: a scope
    dropped silently would widen the tokens. So is a control character: PostgreSQL cannot even
    look a NUL up (control_characters.py)."""
    values = body_values(request, name)
    if not values:
        return None
    if len(values) > 1 or not isinstance(values[0], str):
        raise OAuthRefusal("invalid_request", f"Send {name} once, as text.")
    if has_control_characters(values[0]):
        raise OAuthRefusal("invalid_request", f"{name} must not contain control characters.")
    return str(values[0])


def _client_refused() -> OAuthAnswer:
    """RFC 6749, 5.2: wrong client credentials, with a Basic challenge."""
    body = {"error": "invalid_client", "error_description": CLIENT_AUTH_FAILED}
    return body, HTTPStatus.UNAUTHORIZED, NO_STORE | {"WWW-Authenticate": basic_challenge()}


def _revoked() -> Response:
    """RFC 7009, section 2.2: 200 and no body, whether anything was revoked or not."""
    return Response(status=HTTPStatus.OK, mimetype="application/json")


def _refused(error: str, description: str) -> OAuthAnswer:
    return {"error": error, "error_description": description}, HTTPStatus.BAD_REQUEST, NO_STORE

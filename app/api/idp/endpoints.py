"""idp_ns: the OAuth 2.0 endpoints of the identity provider under /api/v1/oauth, for other
apps. They answer in the RFCs' own shapes, not the envelope; Authlib's server (server.py) runs
the protocol, this API's rules decide."""

from http import HTTPStatus
from typing import Any

from flask import Response, g, json, request
from flask_restx import Resource
from werkzeug.wrappers import Response as WerkzeugResponse

from app.api import client_auth
from app.api.auth.decorator import current_user, granted_to_a_client
from app.api.control_characters import has_control_characters
from app.api.errors import CLIENT_AUTH_FAILED, basic_challenge
from app.api.headers import NO_STORE
from app.api.idp.authorize import authorize
from app.api.idp.dto import (
    authorize_parser,
    client_token_reqparser,
    logout_parser,
    provider_token_model,
    userinfo_model,
)
from app.api.idp.logout import log_out
from app.api.idp.server import authorization_server
from app.api.limits import TOO_MANY, rate_limit
from app.api.oauth_errors import CLIENT_REFUSED, invalid, oauth_error_model
from app.api.readable_swagger import DocumentedNamespace
from app.security.id_tokens import claims_for_scopes

idp_ns = DocumentedNamespace(name="identity provider", description="OAuth 2.0 for other apps")
for model in (provider_token_model, userinfo_model, oauth_error_model):
    idp_ns.add_model(model.name, model)

HTML_PAGE = "An HTML page for the person: "  # the browser's routes answer people, not JSON
ONE_WAY_ONLY = "Authenticate the client one way: HTTP Basic or the form, not both."
TWICE = "Send each field once."
FORM = "application/x-www-form-urlencoded"
FORM_ONLY = f"Send the fields in the body, as {FORM}, and none in the query."
CONTROL_CHARACTERS = "Fields must not contain control characters."
# A sentence for each error Authlib answers without one (RFC 6749, 5.2: error_description).
SENTENCES = {
    "unsupported_grant_type": "grant_type must be one this server supports: see discovery.",
    "unauthorized_client": "This client may not use that grant.",
    "invalid_request": "The request lacks a field, or has one twice or malformed.",
    "invalid_grant": "The grant is invalid, expired, spent or not this client's.",
    "invalid_scope": "A scope asked for is unknown, or not this client's.",
    "authorization_pending": "The person has not decided yet: poll again after the interval.",
    "slow_down": "Polled too soon: wait 5 seconds more between polls from now on.",
    "expired_token": "The device code expired: ask for a new one.",
    "access_denied": "The person did not allow it.",
}


@idp_ns.route("/token", endpoint="idp_token")
class ClientToken(Resource):
    """Tokens for registered clients."""

    @idp_ns.expect(client_token_reqparser)
    @idp_ns.response(int(HTTPStatus.OK), "RFC 6749, section 5.1.", provider_token_model)
    @idp_ns.response(*invalid("invalid_request", ONE_WAY_ONLY))
    @idp_ns.response(*CLIENT_REFUSED)
    @idp_ns.response(*TOO_MANY)
    @rate_limit("RATELIMIT_OAUTH_TOKEN")
    def post(self) -> Response | tuple[dict[str, Any], int, dict[str, str]]:
        """Get tokens as a registered client: for a person who signed in, or for itself.

        A confidential client authenticates with HTTP Basic (client_secret_basic) or in the
        form (client_secret_post), one way only; a public client sends its client_id alone.
        authorization_code takes code, redirect_uri and code_verifier; refresh_token rotates;
        client_credentials gives the client's own token, which only reads; the device code
        grant polls. Errors follow RFC 6749, section 5.2, without the envelope.
        """
        return refused_form() or described(authorization_server().create_token_response())


@idp_ns.route("/authorize", endpoint="idp_authorize")
class AppAuthorize(Resource):
    """Sign a person in to another app (RFC 6749, 4.1; OpenID Connect Core, 3.1.2)."""

    @idp_ns.produces(["text/html", "application/json"])  # pages; a refused query: JSON
    @idp_ns.expect(authorize_parser)
    @idp_ns.response(int(HTTPStatus.FOUND), "Back to the client's redirect_uri, with iss.")
    @idp_ns.response(int(HTTPStatus.SEE_OTHER), "To the sign-in or the consent page first.")
    @idp_ns.response(
        int(HTTPStatus.BAD_REQUEST), f"{HTML_PAGE}unknown client or unregistered redirect_uri."
    )
    def get(self) -> WerkzeugResponse:
        """Start signing a person in to another app: the browser comes here, not a script.

        response_type=code only, with PKCE (code_challenge, code_challenge_method=S256) for
        every client. Whoever is not signed in here, or must sign in again (prompt=login,
        max_age), goes to /signin; a client that is not ours asks /consent once per scope.
        The answer goes back to the exact redirect_uri with code, state and iss; errors too,
        except for an unknown client or redirect_uri, which gets a page and no redirect.
        """
        return authorize()


@idp_ns.route("/logout", endpoint="idp_logout")
class AppLogout(Resource):
    """Sign out of the provider, as a client asks (OpenID Connect RP-Initiated Logout 1.0)."""

    @idp_ns.produces(["text/html", "application/json"])  # pages; a refused query: JSON
    @idp_ns.expect(logout_parser)
    @idp_ns.response(int(HTTPStatus.OK), f"{HTML_PAGE}signed out, or asking first.")
    @idp_ns.response(int(HTTPStatus.FOUND), "Signed out: to post_logout_redirect_uri, with state.")
    @idp_ns.response(
        int(HTTPStatus.BAD_REQUEST), f"{HTML_PAGE}the client or the return address is wrong."
    )
    def get(self) -> WerkzeugResponse:
        """Sign the person out of this site, as an app they use asks.

        The browser comes here. With a valid id_token_hint of whoever is signed in, the
        hosted session ends at once; without one, a page asks first. The way back is a
        post_logout_redirect_uri the client registered, exactly, with state.
        """
        return log_out(request.args, confirmed=False)


@idp_ns.route("/userinfo", endpoint="idp_userinfo")
class UserInfo(Resource):
    """Who signed in (OpenID Connect Core, 5.3)."""

    @idp_ns.response(int(HTTPStatus.OK), "The claims the granted scopes release.", userinfo_model)
    @granted_to_a_client("openid")
    def get(self) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Read the signed-in person's claims, as a client they signed in to.

        An access token a person granted a client, with openid: sub always; email and
        email_verified with email; name with profile.
        """
        return claims_for_scopes(current_user(), sorted(g.bearer.scope)), HTTPStatus.OK, NO_STORE

    @idp_ns.response(int(HTTPStatus.OK), "The claims the granted scopes release.", userinfo_model)
    @granted_to_a_client("openid")
    def post(self) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Read the signed-in person's claims (the same, by POST).

        As GET: OpenID Connect Core, 5.3.1, allows both.
        """
        return claims_for_scopes(current_user(), sorted(g.bearer.scope)), HTTPStatus.OK, NO_STORE


def refused_form() -> tuple[dict[str, Any], int, dict[str, str]] | None:
    """The answer to a client's POST that is not a clean form, or None: each field once, no
    control character, the client authenticated one way."""
    if request.mimetype != FORM or request.args:
        return _invalid_request(FORM_ONLY)  # RFC 6749, 3.2: the body, never JSON or the query
    if client_auth.more_than_one_way():
        return _invalid_request(ONE_WAY_ONLY)
    fields = list(request.form.listvalues())
    if any(len(values) > 1 for values in fields):
        return _invalid_request(TWICE)  # RFC 6749, 3.2: never guess which one was meant
    if any(has_control_characters(value) for values in fields for value in values):
        return _invalid_request(CONTROL_CHARACTERS)
    return None


def _invalid_request(description: str) -> tuple[dict[str, Any], int, dict[str, str]]:
    body = {"error": "invalid_request", "error_description": description}
    return body, HTTPStatus.BAD_REQUEST, NO_STORE


def described(response: Response) -> Response:
    """Authlib's answer, never cached, with an error_description on every error; a failed
    client authentication in the same words and challenge as at revoke and introspect."""
    response.headers.update(NO_STORE)
    body = response.get_json(silent=True)
    if not isinstance(body, dict) or "error" not in body:
        return response
    if body["error"] == "invalid_client":
        body["error_description"] = CLIENT_AUTH_FAILED
        response.headers["WWW-Authenticate"] = basic_challenge()
    elif not body.get("error_description"):
        body["error_description"] = SENTENCES.get(body["error"], "The request was refused.")
    response.set_data(json.dumps(body))
    return response

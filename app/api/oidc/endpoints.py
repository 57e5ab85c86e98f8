"""oidc_ns: sign in with an OpenID Connect provider, under /api/v1/auth/oidc.

The browser goes to /authorize, then to the provider, then back to /callback, which sends it to
the front end's page (OIDC_RETURN_URL) with a one-time code in the fragment; the page posts the
code to /exchange for tokens.
"""

from http import HTTPStatus
from typing import Any

from flask import g, redirect
from flask import request as flask_request
from flask_restx import Resource
from werkzeug.wrappers import Response

from app.accounts import two_factor
from app.accounts.sensitive import Operation
from app.api.auth.decorator import sensitive_when_signed_in, signed_in_user
from app.api.browser_session import browser_key, browser_key_cookie, sent_browser_key
from app.api.errors import (
    error_body,
    error_model,
    error_response,
    invalid_input,
    mfa_required_model,
)
from app.api.limits import TOO_MANY, rate_limit
from app.api.oidc import business
from app.api.oidc.dto import exchange_reqparser, provider_list_model, provider_model
from app.api.public_url import absolute_url
from app.api.readable_swagger import DocumentedNamespace
from app.api.refresh_transport import COOKIE_TRANSPORT, requested_transport
from app.api.request_origin import request_origin
from app.api.responses import sign_in_response, token_model
from app.errors import AccountDisabled

oidc_ns = DocumentedNamespace(name="oidc", description="Sign in with an OpenID Connect provider")
for model in (provider_model, provider_list_model, token_model, error_model, mfa_required_model):
    oidc_ns.add_model(model.name, model)

UNKNOWN_PROVIDER = error_response(
    HTTPStatus.NOT_FOUND, "No such provider.", business.NO_SUCH_PROVIDER
)


@oidc_ns.route("/providers", endpoint="oidc_providers")
class ProviderList(Resource):
    """The providers you can sign in with."""

    @oidc_ns.response(int(HTTPStatus.OK), "In the configured order.", provider_list_model)
    def get(self) -> tuple[dict[str, Any], HTTPStatus]:
        """List the providers you can sign in with.

        Anyone may call it, no token needed. Each comes with the URL that starts a sign-in;
        the list is empty when none is configured (OIDC_PROVIDERS).
        """
        providers = [
            {
                "name": provider.name,
                "authorize_url": absolute_url("api.oidc_authorize", name=provider.name),
            }
            for provider in business.providers()
        ]
        return {"providers": providers}, HTTPStatus.OK


@oidc_ns.route("/<name>/authorize", endpoint="oidc_authorize")
@oidc_ns.param("name", "A provider's name from GET /auth/oidc/providers", example="google")
class Authorize(Resource):
    """The start of a sign-in with a provider."""

    @oidc_ns.response(int(HTTPStatus.FOUND), "To the provider, with state, nonce and PKCE.")
    @oidc_ns.response(*invalid_input("return_to", business.UNKNOWN_RETURN_PAGE))
    @oidc_ns.response(*UNKNOWN_PROVIDER)
    @oidc_ns.param(
        "return_to",
        "Which of OIDC_RETURN_URLS to come back to (its URL before #); left out, the first. "
        'Example: "https://app.example.com/signed-in"',
        _in="query",
    )
    @oidc_ns.response(*TOO_MANY)
    @rate_limit("RATELIMIT_OIDC_AUTHORIZE")
    @sensitive_when_signed_in(Operation.IDENTITY_LINK)
    def get(self, name: str) -> Response:
        """Send the browser to a provider to sign in, or to link that account to yours.

        Open it in the browser, no token needed, to sign in. With a full session's access
        token, or a browser's cookie session, from a recent sign-in and with a verified
        address, the provider account is linked to yours instead. The browser comes back
        through the callback to the return page.
        """
        key, page = browser_key(), business.return_page(flask_request.args.get("return_to"))
        try:
            cookie = COOKIE_TRANSPORT.sent()
            linking = _bearer_linking() or business.cookie_session_linking(cookie, request_origin())
            url = business.start(name, _callback_url(name), key, linking, page)
        except business.SignInRefused as refused:
            url = business.return_url(error=refused.error, page=page)
        response = redirect(url, HTTPStatus.FOUND)
        response.headers.add(*browser_key_cookie(key))
        return response


@oidc_ns.route("/<name>/callback", endpoint="oidc_callback")
@oidc_ns.param("name", "The provider's name", example="google")
class Callback(Resource):
    """Where the provider sends the browser back."""

    @oidc_ns.response(int(HTTPStatus.FOUND), "To the sign-in's page: #code=... or #error=...")
    @oidc_ns.response(*UNKNOWN_PROVIDER)
    def get(self, name: str) -> Response:
        """Check the provider's answer, and send the browser on to the return page.

        The provider sends the browser here; nobody calls it directly. The return page gets
        #code=... (for POST /auth/oidc/exchange) or #error=... in its fragment.
        """
        answer = flask_request.args.to_dict()
        try:
            url = business.finish(
                name, answer, sent_browser_key(), _callback_url(name), request_origin()
            )
        except business.SignInRefused as refused:
            url = business.return_url(error=refused.error, page=refused.page)
        return redirect(url, HTTPStatus.FOUND)


@oidc_ns.route("/exchange", endpoint="oidc_exchange")
class Exchange(Resource):
    """Tokens for the one-time code of a sign-in with a provider."""

    @oidc_ns.expect(exchange_reqparser)
    @oidc_ns.response(int(HTTPStatus.OK), "Signed in; here are tokens.", token_model)
    @oidc_ns.response(*invalid_input("code", business.INVALID_CODE))
    @oidc_ns.response(
        int(HTTPStatus.UNAUTHORIZED),
        "With two-factor on: mfa_required.",
        mfa_required_model,
        error_body(two_factor.prompt_for(["totp"])),
    )
    @oidc_ns.response(
        *error_response(HTTPStatus.FORBIDDEN, "The account is disabled.", str(AccountDisabled()))
    )
    def post(self) -> Any:
        """Trade the one-time code of a provider sign-in for tokens.

        No token needed: the return page sends the code from its #code= fragment. It works
        once, for a minute; the answer is a token pair, or a 401 mfa_required with two-factor
        on.
        """
        args = exchange_reqparser.parse_args()
        transport = requested_transport(args.refresh_transport)
        outcome = business.exchange(args.code, request_origin())
        return sign_in_response(outcome, transport)


def _bearer_linking() -> business.Linking | None:
    """The signed-in user of the request's token, and its session, if a token came."""
    user = signed_in_user()
    return business.Linking(user, g.bearer.session_id) if user else None


def _callback_url(name: str) -> str:
    """The redirect URI to register with the provider: under PUBLIC_URL."""
    return absolute_url("api.oidc_callback", name=name)

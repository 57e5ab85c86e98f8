"""Plain OAuth 2.0 as a client (RFC 6749, PKCE S256 by RFC 7636), for providers without OpenID
Connect: the authorization URL, and the code exchanged for an access token with which the
provider's own API says who signed in. There is no ID token, so no nonce: the account is what
the API answers over TLS to the token's holder. Plain Python: no Flask, nothing stored."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.requests_client import OAuth2Session

from app.security.providers.base import ProviderAccount, ProviderDescription, ProviderRefused

Fetch = Callable[[str], Any]  # the JSON at a URL of the provider's API, read with the token


@dataclass(frozen=True)
class OAuth2Service:
    """Where a provider signs people in, and how its API tells who they are."""

    authorize_url: str
    token_url: str
    read_account: Callable[[Fetch], ProviderAccount]
    api_headers: dict[str, str]  # sent with each call to its API


class OAuth2Client:
    """One configured OAuth 2.0 provider, as this app's client of it."""

    def __init__(self, provider: ProviderDescription, timeout: int, service: OAuth2Service) -> None:
        self.provider = provider
        self.timeout = timeout
        self.service = service

    def authorization_url(self, redirect_uri: str, state: str, nonce: str, verifier: str) -> str:
        """Where the browser goes to sign in; `nonce` is for ID tokens, which come from none."""
        url, _ = self._session(redirect_uri).create_authorization_url(
            self.service.authorize_url, state=state, code_verifier=verifier
        )
        return str(url)

    def account(self, code: str, verifier: str, redirect_uri: str, nonce: str) -> ProviderAccount:
        """Exchange the provider's code for an access token, and ask its API who that is."""
        session = self._session(redirect_uri)
        try:
            token = session.fetch_token(self.service.token_url, code=code, code_verifier=verifier)
        except (AuthlibBaseError, requests.RequestException, ValueError) as error:
            raise ProviderRefused("provider_error", f"the code exchange failed: {error}") from None
        if not token.get("access_token"):
            raise ProviderRefused("provider_error", "the token response has no access_token")
        return self.service.read_account(lambda url: self._fetch(session, url))

    def _fetch(self, session: OAuth2Session, url: str) -> Any:
        try:
            response = session.get(url, headers=self.service.api_headers)
            response.raise_for_status()
            return response.json()
        except (AuthlibBaseError, requests.RequestException, ValueError) as error:
            raise ProviderRefused("provider_error", f"{url} could not be read: {error}") from None

    def _session(self, redirect_uri: str) -> OAuth2Session:
        """A session that sends the client's credentials in the token request's body, as
        GitHub documents it (RFC 6749 2.3.1 allows it alongside HTTP Basic)."""
        return OAuth2Session(
            self.provider.client_id,
            self.provider.client_secret,
            token_endpoint_auth_method="client_secret_post",
            scope=self.provider.scopes,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            default_timeout=self.timeout,
        )

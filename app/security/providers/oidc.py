"""OpenID Connect as a relying party, on Authlib's client: a provider's discovery document and
keys, the authorization URL (state, nonce, PKCE S256), and the code exchanged for an ID token
that is checked before anyone believes it. Plain Python: no Flask, nothing stored.

Discovery documents and key sets are kept for an hour per process; an ID token that the kept
set does not verify fetches the set again once, so a provider's key rotation (with key ids or
without) needs no restart.
"""

import time
from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from app.security.providers.base import (
    Kind,
    ProviderAccount,
    ProviderDescription,
    ProviderRefused,
    checked_subject,
)
from app.security.providers.roles import groups_in

KEPT_SECONDS = 60 * 60
CLOCK_LEEWAY_SECONDS = 60  # the provider's clock and ours may differ by this much
DISCOVERY_PATH = "/.well-known/openid-configuration"


class OidcClient:
    """One configured OpenID Connect provider, as this app's client of it."""

    def __init__(self, provider: ProviderDescription, timeout: int) -> None:
        self.provider = provider
        self.issuer = provider.urls["ISSUER"]
        self.timeout = timeout

    def authorization_url(self, redirect_uri: str, state: str, nonce: str, verifier: str) -> str:
        """Where the browser goes to sign in; the provider comes back to `redirect_uri`."""
        url, _ = self._session(redirect_uri).create_authorization_url(
            self._metadata()["authorization_endpoint"],
            state=state,
            code_verifier=verifier,
            nonce=nonce,
        )
        return str(url)

    def account(self, code: str, verifier: str, redirect_uri: str, nonce: str) -> ProviderAccount:
        """Exchange the provider's code for its ID token, and check that token's signature
        (the provider's published keys), iss, aud, exp, iat and nonce."""
        try:
            token = self._session(redirect_uri).fetch_token(
                self._metadata()["token_endpoint"], code=code, code_verifier=verifier
            )
        except (AuthlibBaseError, requests.RequestException, ValueError) as error:
            raise ProviderRefused("provider_error", f"the code exchange failed: {error}") from None
        if "id_token" not in token:
            raise ProviderRefused("invalid_id_token", "the token response has no id_token")
        claims = self._checked_claims(str(token["id_token"]), nonce, token.get("access_token"))
        return ProviderAccount(
            checked_subject(claims["sub"], "invalid_id_token"),
            _text(claims.get("email")),
            _verified(claims),
            _text(claims.get("name")),
            groups_in(claims.get(roles_claim))
            if (roles_claim := self.provider.roles_claim)
            else None,
        )

    def _checked_claims(self, id_token: str, nonce: str, access_token: Any) -> dict[str, Any]:
        metadata = self._metadata()
        registry = JWSRegistry(algorithms=metadata.get("id_token_signing_alg_values_supported"))
        try:
            try:
                decoded = jwt.decode(id_token, self._keys(), registry=registry)
            except JoseError:  # signed with a key we have not fetched yet, maybe: once more
                decoded = jwt.decode(id_token, self._keys(refetch=True), registry=registry)
            options = {"iss": {"values": [self.issuer]}}
            params = {"nonce": nonce, "client_id": self.provider.client_id}
            if access_token:
                params["access_token"] = access_token
            claims = CodeIDToken(decoded.claims, decoded.header, options, params)
            claims.validate(leeway=CLOCK_LEEWAY_SECONDS)
        except (JoseError, ValueError) as error:
            raise ProviderRefused("invalid_id_token", f"the ID token is refused: {error}") from None
        return dict(claims)

    def _session(self, redirect_uri: str) -> OAuth2Session:
        return OAuth2Session(
            self.provider.client_id,
            self.provider.client_secret or None,
            scope=self.provider.scopes,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            default_timeout=self.timeout,
        )

    def _metadata(self) -> dict[str, Any]:
        """The discovery document, whose issuer must be the configured one (OIDC Discovery 4.3)."""
        url = self.issuer.rstrip("/") + DISCOVERY_PATH
        metadata = _fetched(url, self.timeout)
        if metadata.get("issuer") != self.issuer:
            raise ProviderRefused("provider_error", f"{url} names another issuer")
        return metadata

    def _keys(self, refetch: bool = False) -> KeySet:
        url = self._metadata().get("jwks_uri")
        if not isinstance(url, str):
            raise ProviderRefused("provider_error", "the discovery document has no jwks_uri")
        return KeySet.import_key_set(_fetched(url, self.timeout, refetch))  # type: ignore[arg-type]


def _text(claim: Any) -> str | None:
    return str(claim) if claim else None


def _verified(claims: dict[str, Any]) -> bool:
    """Only JSON true or the string "true" (Cognito's) vouch for the address; `is`, as 1 == True."""
    verified = claims.get("email_verified")
    return verified is True or verified == "true"


_kept: dict[str, tuple[float, dict[str, Any]]] = {}  # url: (when fetched, JSON); not per request


def _fetched(url: str, timeout: int, refetch: bool = False) -> dict[str, Any]:
    """The JSON object at `url`, fetched at most once an hour unless `refetch`."""
    kept = _kept.get(url)
    if kept and not refetch and time.monotonic() - kept[0] < KEPT_SECONDS:
        return kept[1]
    try:
        response = requests.get(url, timeout=timeout)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderRefused("provider_error", f"{url} could not be read: {error}") from None
    if not isinstance(document, dict):
        raise ProviderRefused("provider_error", f"{url} is not a JSON object")
    _kept[url] = (time.monotonic(), document)
    return document


KIND = Kind(
    OidcClient,
    scopes="openid email profile",
    urls={"ISSUER": ""},
    needs_scope="openid",
    id_token=True,
)

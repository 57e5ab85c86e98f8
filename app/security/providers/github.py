"""GitHub (or GitHub Enterprise) as a sign-in provider: OAuth 2.0 without OpenID Connect. Who
signed in comes from GET /user, the address from GET /user/emails: the primary one, with
GitHub's word on whether it is verified. The subject is the account's numeric id, never its
login, which its owner may change and someone else then take."""

from typing import Any

from app.security.providers.base import (
    Kind,
    ProviderAccount,
    ProviderDescription,
    ProviderRefused,
    checked_subject,
)
from app.security.providers.oauth2 import Fetch, OAuth2Client, OAuth2Service

# The REST API version whose answers _account reads (docs.github.com/rest/about-the-rest-api)
API_HEADERS = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}


def github_client(provider: ProviderDescription, timeout: int) -> OAuth2Client:
    """The client of GitHub at AUTH_URL (sign-in pages) and API_URL (its REST API)."""
    site, api = provider.urls["AUTH_URL"].rstrip("/"), provider.urls["API_URL"].rstrip("/")
    service = OAuth2Service(
        authorize_url=f"{site}/login/oauth/authorize",
        token_url=f"{site}/login/oauth/access_token",
        read_account=lambda fetch: _account(fetch, api),
        api_headers=API_HEADERS,
    )
    return OAuth2Client(provider, timeout, service)


def _account(fetch: Fetch, api: str) -> ProviderAccount:
    """The account that owns the token, and its primary address."""
    user, emails = fetch(f"{api}/user"), fetch(f"{api}/user/emails")
    if not isinstance(user, dict) or not isinstance(emails, list):
        raise ProviderRefused(
            "provider_error", "GitHub's /user or /user/emails is not as documented"
        )
    user_id = user.get("id")
    number = str(user_id) if type(user_id) is int else None  # bool is an int to isinstance
    primary = _primary(emails)
    email, name = primary.get("email"), user.get("name") or user.get("login")
    return ProviderAccount(
        checked_subject(number, "provider_error"),
        email if isinstance(email, str) else None,
        primary.get("verified") is True,
        name if isinstance(name, str) else None,
    )


def _primary(emails: list[Any]) -> dict[str, Any]:
    """The address GitHub mails the account at; {} when it lists none."""
    return next(
        (item for item in emails if isinstance(item, dict) and item.get("primary") is True), {}
    )


KIND = Kind(
    github_client,
    scopes="read:user user:email",
    urls={"AUTH_URL": "https://github.com", "API_URL": "https://api.github.com"},
    required=("CLIENT_ID", "CLIENT_SECRET"),  # GitHub has no public clients
)

"""Every kind of sign-in provider by the name OIDC_<NAME>_KIND gives it: a new kind is a module
with its client and KIND, and a line here."""

from app.security.providers import github, oidc
from app.security.providers.base import Kind, ProviderDescription, SignInProvider

DEFAULT_KIND = "oidc"
KINDS: dict[str, Kind] = {
    "oidc": oidc.KIND,
    "github": github.KIND,
}


def client(provider: ProviderDescription, timeout: int) -> SignInProvider:
    """This app's client of `provider`, whose HTTP calls wait `timeout` seconds at most."""
    return KINDS[provider.kind].client(provider, timeout)

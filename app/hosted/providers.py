"""Which identity providers the hosted sign-in page offers: every configured one, once the
operator lists this site's return page, `<PUBLIC_URL>/signin/provider#code={code}`, in
OIDC_RETURN_URLS (the API's provider sign-in sends the browser only to a listed page)."""

from app.api.oidc import business as oidc
from app.api.public_url import public_origin
from app.errors import InvalidField

RETURN_PATH = "/signin/provider"


def hosted_providers() -> list[str]:
    """The providers to offer, in the configured order; none until the return page is listed."""
    if return_page() is None:
        return []
    return [provider.name for provider in oidc.providers()]


def return_url() -> str:
    """This site's RETURN_PATH, absolute: the `return_to` of the API's provider sign-in."""
    return public_origin() + RETURN_PATH


def return_page() -> str | None:
    """The page of OIDC_RETURN_URLS that is this site's RETURN_PATH, if listed."""
    try:
        return oidc.return_page(return_url())
    except InvalidField:
        return None

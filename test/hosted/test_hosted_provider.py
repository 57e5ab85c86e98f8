"""Signing in on the hosted pages through an identity provider (a real one on 127.0.0.1): the
sign-in page's link, the API's own trip to the provider and back, and the return page's form
posting the one-time code the fragment carried."""

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from flask import Flask
from support.hosted_pages import SITE, HostedClient, the_form
from support.oidc_flow import PAGE, provider_settings
from support.oidc_provider import fragment_of

RETURN_PAGE = f"{SITE}/signin/provider#code={{code}}"


@pytest.fixture
def app(make_app: Callable[..., Flask], provider) -> Flask:
    settings = provider_settings(provider.issuer)
    settings["OIDC_RETURN_URLS"] = [f"{PAGE}#code={{code}}", RETURN_PAGE]
    return make_app(PUBLIC_URL=SITE, **settings)


@pytest.fixture
def site(app: Flask) -> HostedClient:
    return HostedClient(app.test_client())


def come_back(site: HostedClient, provider, next_path: str) -> str:
    """The trip: our link, the API's authorize, the provider, the callback; the code."""
    provider.add_user("hosted-subject", email="ada@example.com", email_verified=True)
    page = site.get("/signin", query_string={"next": next_path}).get_data(as_text=True)
    assert "/signin/provider/mock?next=" in page
    to_api = site.get("/signin/provider/mock", query_string={"next": next_path})
    to_provider = site.get(to_api.headers["Location"])
    back = provider.approve(to_provider.headers["Location"], "hosted-subject")
    callback = urlsplit(back)
    landed = site.get(callback.path, query_string=callback.query)
    assert landed.location.startswith(f"{SITE}/signin/provider#")
    return fragment_of(landed.location)["code"]


def test_a_provider_signs_in_and_the_page_goes_on(site: HostedClient, provider) -> None:
    code = come_back(site, provider, "/after")
    page = site.get("/signin/provider")
    assert set(the_form(page)["fields"]) == {"csrf_token", "code"}
    done = site.submit(page, code=code)
    assert (done.status_code, done.headers["Location"]) == (303, "/after")
    assert site.get("/signed-in").status_code == 200


def test_a_wrong_code_is_the_signin_page_with_an_error(site: HostedClient) -> None:
    refused = site.submit(site.get("/signin/provider"), code="not-a-code")
    assert refused.status_code == 400
    assert set(the_form(refused)["fields"]) == {"csrf_token", "email", "password"}


def test_no_provider_is_offered_until_the_return_page_is_listed(
    make_app: Callable[..., Flask], provider
) -> None:
    app = make_app(PUBLIC_URL=SITE, **provider_settings(provider.issuer))
    site = HostedClient(app.test_client())
    assert "/signin/provider/mock" not in site.get("/signin").get_data(as_text=True)
    assert site.get("/signin/provider/mock").status_code == 404

"""Signing in on the hosted pages through a configured identity provider, with the API's own
provider sign-in (app/api/oidc) unchanged: /signin/provider/<name> starts it with `return_to`
this site's /signin/provider, which the provider's callback sends the browser to with a
one-time code in the fragment; that page's script posts the code back (a fragment never
reaches a server), and the exchange ends in complete_sign_in().

The operator lists `<PUBLIC_URL>/signin/provider#code={code}` in OIDC_RETURN_URLS; until then
the sign-in page offers no provider. Where to go after (?next=) waits in a cookie meanwhile.
"""

from http import HTTPStatus

from flask import redirect
from werkzeug.wrappers import Response

from app.api.limits import rate_limit
from app.api.oidc import business as oidc
from app.api.public_url import absolute_url
from app.api.request_origin import request_origin
from app.errors import AccountDisabled, InvalidField
from app.hosted.blueprint import hosted_bp
from app.hosted.cookies import NEXT, clear_cookie, put_cookie, read_cookie
from app.hosted.next_path import safe_next
from app.hosted.pages import page
from app.hosted.providers import RETURN_PATH, hosted_providers, return_url
from app.hosted.steps import field, next_path, onwards, refused
from app.running import setting


@hosted_bp.get("/signin/provider/<name>", endpoint="provider_start")
def provider_start(name: str) -> Response:
    """Off to provider `name`, through the API's provider sign-in."""
    if name not in hosted_providers():
        return page("error", HTTPStatus.NOT_FOUND, message=oidc.NO_SUCH_PROVIDER)
    target = absolute_url("api.oidc_authorize", name=name, return_to=return_url())
    answer = redirect(target, HTTPStatus.SEE_OTHER)
    if target_path := next_path():
        put_cookie(answer, NEXT, target_path, setting("OIDC_STATE_SECONDS"))
    return answer


@hosted_bp.get(RETURN_PATH, endpoint="provider_return")
def provider_return() -> Response:
    """Back from the provider: the page whose script posts the fragment's code (its policy
    allowing where that post's redirects go on to, as every sign-in page's does)."""
    return page("provider_return", next=safe_next(read_cookie(NEXT)))


@hosted_bp.post(RETURN_PATH, endpoint="provider_sign_in")
@rate_limit("RATELIMIT_LOGIN")
def provider_sign_in() -> Response:
    """Sign in with the one-time code the provider's callback gave the page."""
    try:
        outcome = oidc.exchange(field("code"), request_origin())
    except (InvalidField, AccountDisabled) as error:
        return refused("signin", error, email="")
    answer = onwards(outcome, safe_next(read_cookie(NEXT)))
    clear_cookie(answer, NEXT)
    return answer

"""Headers of every hosted page: a strict Content-Security-Policy and no caching (a page holds
a CSRF token and names who is signed in). Nothing inline: one stylesheet, and a script only
where a page says it uses one (the passkey button). Registered on the blueprint, so the app's
add_security_headers, which runs after, leaves this policy in place."""

from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from flask import Flask, current_app, g
from werkzeug.wrappers import Response

from app.running import setting

# Where forms may post, and where the redirects after a post may go: this site. Browsers
# check the whole redirect chain that follows a form's POST against the policy of the page
# that held the form, so a page whose POST ends at a client's redirect URI (consent; the
# sign-in page when `next` is /oauth/authorize and its answer redirects straight on) must
# name that URI's origin: the authorize step calls `allow_form_targets()` while building its
# own pages, and registers `widen_form_action_for_next()` for the sign-in pages.
FORM_TARGETS = ("'self'",)
NEXT_TARGETS = "hosted_next_targets"  # the app extension: widen_form_action_for_next()


def allow_form_targets(*origins: str) -> None:
    """Let this request's page post (or be redirected after a post) to `origins` as well."""
    g.hosted_form_targets = (*g.get("hosted_form_targets", ()), *origins)


def widen_form_action_for_next(app: Flask, origins_of: Callable[[str], Iterable[str]]) -> None:
    """Register, once at start-up, the authorize step's `origins_of(next_path)`: the origins a
    sign-in going on to `next_path` may end at (the client's redirect URI); every page that
    sends a form onwards to such a `next` lets its POST's redirects reach them."""
    app.extensions[NEXT_TARGETS] = origins_of


def allow_targets_of_next(next_path: str | None) -> None:
    """Widen this request's form-action for a page going on to `next_path`, as registered."""
    origins_of = current_app.extensions.get(NEXT_TARGETS)
    if next_path and origins_of is not None:
        allow_form_targets(*origins_of(next_path))


def uses_script() -> None:
    """This request's page loads its script from app/static/ (script-src 'self')."""
    g.hosted_script = True


def add_page_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = _policy()
    response.headers["Cache-Control"] = "no-store"
    return response


def _policy() -> str:
    targets = " ".join((*FORM_TARGETS, *g.get("hosted_form_targets", ())))
    directives = [
        "default-src 'none'",
        "style-src 'self'",
        f"img-src {_image_sources()}",
        f"form-action {targets}",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
    if g.get("hosted_script"):
        directives.append("script-src 'self'; connect-src 'self'")
    return "; ".join(directives)


def _image_sources() -> str:
    """This site, and BRAND_LOGO_URL's origin when the logo lives elsewhere."""
    logo = urlsplit(setting("BRAND_LOGO_URL"))
    return f"'self' {logo.scheme}://{logo.netloc}" if logo.netloc else "'self'"

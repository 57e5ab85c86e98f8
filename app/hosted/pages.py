"""Rendering the hosted pages: Jinja templates under app/templates/hosted/, each replaced, file
by file, by one at the same path under TEMPLATES_FOLDER (as the emails are). Their own
environment, like the mail's: every value escaped, an undefined name an error, and no access
to Flask's globals but the two a page needs (url_for, and the form's csrf_token)."""

from http import HTTPStatus
from typing import Any

from flask import Flask, Response, current_app, url_for
from jinja2 import Environment, StrictUndefined, select_autoescape

from app.hosted.csrf import form_token
from app.hosted.headers import allow_targets_of_next, uses_script
from app.hosted.providers import hosted_providers
from app.running import setting
from app.util.template_folders import compile_overrides, overridable_loader

HOSTED_TEMPLATES = "hosted_templates"  # the app extension that holds the environment
# Their scripts: the passkey button (hosted-passkey.js), the provider's code (hosted-provider.js).
PAGES_WITH_SCRIPT = {"signin", "provider_return"}


def init_pages(app: Flask) -> None:
    """Build the pages' environment once, checking the operator's overrides now."""
    folder = app.config["TEMPLATES_FOLDER"]
    environment = Environment(
        loader=overridable_loader(folder),
        autoescape=select_autoescape(enabled_extensions=("html",), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["url_for"] = url_for
    environment.globals["providers"] = hosted_providers  # the sign-in page's list
    compile_overrides(environment, folder, "hosted/")
    app.extensions[HOSTED_TEMPLATES] = environment


def page(name: str, status: int = HTTPStatus.OK, **variables: Any) -> Response:
    """The page `hosted/<name>.html` with `variables`, the brand and a CSRF token."""
    environment: Environment = current_app.extensions[HOSTED_TEMPLATES]
    context = {
        "brand_name": setting("BRAND_NAME"),
        "brand_logo_url": setting("BRAND_LOGO_URL"),
        "csrf_token": form_token(),
        "error": None,
        **variables,
    }
    if name in PAGES_WITH_SCRIPT:
        uses_script()
    allow_targets_of_next(context.get("next"))
    html = environment.get_template(f"hosted/{name}.html").render(context)
    return Response(html, status=status, mimetype="text/html")

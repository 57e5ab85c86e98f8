"""The emails' words and looks: a pair of Jinja templates per message under app/templates/mail/,
`<message>.txt` (whose `subject` block is the subject) and `<message>.html`, each replaced, file
by file, by one at the same path under TEMPLATES_FOLDER. Every template gets BRAND_NAME,
BRAND_URL and BRAND_LOGO_URL as brand_name, brand_url and brand_logo_url (docs/branding.md).

Their own Jinja environment, not Flask's: mail is rendered by the outbox's worker and by `flask`
commands as much as in requests, so it must not lean on what Flask's offers only in a request
(request, session, url_for). TEMPLATES_FOLDER overrides the hosted sign-in pages the same way
(app/hosted/pages.py), through the same loader (app/util/template_folders.py).
HTML templates escape every value (an address or a passkey's name is the user's to choose);
text templates send them as they are.
"""

from typing import Any, NamedTuple

from jinja2 import Environment, StrictUndefined, Template, TemplateError, select_autoescape

from app.running import extension, setting
from app.util.template_folders import compile_overrides, overridable_loader

MAIL_TEMPLATES = "mail_templates"  # the app extension that holds the environment


class Rendered(NamedTuple):
    """One message in words: its subject line and its two parts."""

    subject: str
    text: str
    html: str


def mail_environment(folder: str) -> Environment:
    """Templates from `folder` (TEMPLATES_FOLDER) first, then the packaged ones; an undefined
    name is an error, so a typo in an override fails loudly rather than mailing a blank."""
    environment = Environment(
        loader=overridable_loader(folder),
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    compile_overrides(environment, folder)
    return environment


def render(message: str, **variables: Any) -> Rendered:
    """`message`'s subject, text and HTML, given `variables` and the brand."""
    environment: Environment = extension(MAIL_TEMPLATES)
    context = {
        "brand_name": setting("BRAND_NAME"),
        "brand_url": setting("BRAND_URL"),
        "brand_logo_url": setting("BRAND_LOGO_URL"),
        **variables,
    }
    text = environment.get_template(f"mail/{message}.txt")
    context["subject"] = _subject(text, context)
    html = environment.get_template(f"mail/{message}.html")
    return Rendered(context["subject"], text.render(context), html.render(context))


def _subject(template: Template, context: dict[str, Any]) -> str:
    """The text template's `subject` block, on one line (a header holds no line break)."""
    block = template.blocks.get("subject")
    if block is None:
        raise TemplateError(f"{template.name} has no {{% block subject %}}")
    return " ".join("".join(block(template.new_context(context))).split())

"""The settings reference, docs/settings.md, written from the one declaration of settings in
app/config.py, so the page cannot drift from the code: after changing a setting, run
`python -m app.settings_reference` (test/project/test_settings_reference.py checks it)."""

import inspect
import json
import sys
from pathlib import Path
from typing import Any

from app.config import ENVIRONMENTS, PROVIDER_FIELDS, SETTING_GROUPS, Setting, provider_setting
from app.security.providers.base import Kind
from app.security.providers.registry import DEFAULT_KIND, KINDS

PAGE = Path("docs/settings.md")
TYPE_WORDS = {
    str: "any text",
    int: "any whole number",
    bool: "`true` or `false`",
    list: "a comma-separated list",
    dict: "options set in code",
}
SHOWN_ENVIRONMENTS = ("development", "production")  # testing's are the suite's own
INTRO = """# Settings reference

<!-- Written by `python -m app.settings_reference` from app/config.py: edit that, not this. -->

Every setting is declared once, in `app/config.py`, with its default, its description and its
check; this page is written from that declaration. `FLASK_CONFIG` chooses the environment whose
defaults apply: `development`, `testing` or `production` (the default when it is unset, so a
server started without configuration refuses the development key rather than run with it).
An environment variable of the same name then wins, where the table says so; lists are
comma-separated, flags are `true` or `false`. A value of the wrong type, or one its check
refuses, stops the app at start-up with a sentence naming the setting and why.
"""


def render() -> str:
    """The whole page."""
    groups = [_group(title, settings) for title, settings in SETTING_GROUPS.items()]
    return "\n".join([INTRO, *groups, _providers()])


def _group(title: str, settings: dict[str, Setting]) -> str:
    """One group of settings as a section with a table, a row per setting."""
    rows = [
        f"| `{name}` | {_defaults(name, setting)} | {'yes' if setting.from_environment else 'no'}"
        f" | {_cell(setting.doc)} | {_cell(_allowed(setting))} |"
        for name, setting in settings.items()
    ]
    header = (
        "| Setting | Default | From the environment | What it is | Allowed |\n" + "|---" * 5 + "|"
    )
    return "\n".join([f"## {title}\n", header, *rows, ""])


def _defaults(name: str, setting: Setting) -> str:
    """The default, then what the environments that change it change it to."""
    changes = [
        f"{environment}: {_value(ENVIRONMENTS[environment][name])}"
        for environment in SHOWN_ENVIRONMENTS
        if name in ENVIRONMENTS[environment]
    ]
    return "; ".join([_value(setting.default), *changes])


def _allowed(setting: Setting) -> str:
    """What the check lets through, in its own words; any value of the type when unchecked."""
    if setting.check is None:
        return TYPE_WORDS[setting.kind]
    return inspect.getdoc(setting.check) or ""


def _providers() -> str:
    """The OIDC_<NAME>_* settings of each provider, and what each kind makes of them."""
    kinds = list(KINDS)
    header = "| Setting | What it is | " + " | ".join(f"kind `{kind}`" for kind in kinds) + " |"
    rows = [
        f"| `{provider_setting('<NAME>', field)}` | {_cell(doc)} | "
        + " | ".join(_kind_field(kind, KINDS[kind], field) for kind in kinds)
        + " |"
        for field, doc in PROVIDER_FIELDS.items()
    ]
    intro = (
        "## Each sign-in provider\n\nFor each name in `OIDC_PROVIDERS`, settings named after it "
        "(upper case, `-` as `_`): for `keycloak`, `OIDC_KEYCLOAK_ISSUER` and so on. All come "
        "from the environment. Production refuses a provider URL that is not https.\n"
    )
    separator = "|---|---|" + "---|" * len(kinds)
    return "\n".join([intro, header, separator, *rows, ""])


def _kind_field(name: str, kind: Kind, field: str) -> str:
    """What a kind of provider makes of one field: required, its default, or not read."""
    if field == "KIND":
        return f"`{name}` (or unset)" if name == DEFAULT_KIND else f"`{name}`"
    defaults = {"CLIENT_ID": "", "CLIENT_SECRET": "", "SCOPES": kind.scopes, **kind.urls}
    if field not in defaults:
        return "not read"
    if field in kind.required or (field in kind.urls and not kind.urls[field]):
        return "required"
    return _value(defaults[field]) if defaults[field] else "optional"


def _value(value: Any) -> str:
    """A value as an environment variable would spell it; empty ones say so."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, list):
        text = ",".join(value)
    elif isinstance(value, dict):
        text = json.dumps(value) if value else ""
    else:
        text = str(value)
    return f"`{text}`" if text else "empty"


def _cell(text: str) -> str:
    """One line of a table cell: no line breaks, no column separators."""
    return " ".join(text.split()).replace("|", "\\|")


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else PAGE
    target.write_text(render())
    print(f"wrote {target}")  # noqa: T201 (a command's one line of output)

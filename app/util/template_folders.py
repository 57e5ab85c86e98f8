"""The packaged Jinja templates (app/templates/), each replaced, file by file, by one at the
same relative path under the operator's TEMPLATES_FOLDER: what the emails and the hosted
sign-in pages both look up their templates through."""

from pathlib import Path

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, TemplateSyntaxError

from app.config import ConfigError

PACKAGED = Path(__file__).resolve().parent.parent / "templates"


def overridable_loader(folder: str) -> BaseLoader:
    """Templates from `folder` (TEMPLATES_FOLDER, when set) first, then the packaged ones."""
    overrides = [FileSystemLoader(folder)] if folder else []
    return ChoiceLoader([*overrides, FileSystemLoader(PACKAGED)])


def compile_overrides(environment: Environment, folder: str, under: str = "") -> None:
    """Compile every template of the operator's `folder` (below `under`, such as hosted/, when
    given) now, so a syntax error stops the start (ConfigError) instead of failing later."""
    if not folder:
        return
    for name in FileSystemLoader(folder).list_templates():
        if not name.startswith(under) or not name.endswith((".txt", ".html")):
            continue
        try:
            environment.get_template(name)
        except TemplateSyntaxError as error:
            raise ConfigError(f"TEMPLATES_FOLDER: {name}, line {error.lineno}: {error}") from None

"""Control characters (NUL, the rest of C0, and DEL) are refused in every text the API reads,
and so are lone surrogates, which are no characters at all.

PostgreSQL cannot store NUL and SQLite would; no name, address, URL or password needs any of
them. A path that holds one names nothing (404); a query or body field that holds one is a 400.
"""

import re

from flask import request
from werkzeug.exceptions import NotFound

from app.api.errors import field_error

# With the lone UTF-16 surrogates a JSON body may spell (\ud800): no UTF-8 text holds one, so
# the first encode (a password's bcrypt, a query) would fail.
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
REFUSED = "Must not contain control characters."


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTER.search(text) is not None


def holds_control_characters(value: object) -> bool:
    """True for a text with one, or a JSON object or array with one in any text within it (a
    passkey's answer is an object): its keys and values, at any depth."""
    if isinstance(value, str):
        return has_control_characters(value)
    if isinstance(value, dict):
        return any(holds_control_characters(item) for pair in value.items() for item in pair)
    if isinstance(value, list):
        return any(holds_control_characters(item) for item in value)
    return False


def refuse_in_path_and_query() -> None:
    """Before any API route: its path parameters and query string."""
    path_values = (request.view_args or {}).values()
    if any(isinstance(value, str) and has_control_characters(value) for value in path_values):
        raise NotFound()
    for name, value in request.args.items(multi=True):
        if has_control_characters(value):
            raise field_error(name, REFUSED)

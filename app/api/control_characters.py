"""Control characters (NUL, the rest of C0, and DEL) are refused in every text the API reads.

PostgreSQL cannot store NUL and SQLite would; no name, address, URL or password needs any of
them. A path that holds one names nothing (404); a query or body field that holds one is a 400.
"""

import re

from flask import request
from werkzeug.exceptions import NotFound

from app.api.errors import field_error

CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")
REFUSED = "Must not contain control characters."


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTER.search(text) is not None


def refuse_in_path_and_query() -> None:
    """Before any API route: its path parameters and query string."""
    path_values = (request.view_args or {}).values()
    if any(isinstance(value, str) and has_control_characters(value) for value in path_values):
        raise NotFound()
    for name, value in request.args.items(multi=True):
        if has_control_characters(value):
            raise field_error(name, REFUSED)

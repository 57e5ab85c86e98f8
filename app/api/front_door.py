"""The addresses a person types first, `/` and `/api/v1`, lead to Swagger UI (API.md, "Product
policy"): a 302, not a JSON 404, so a browser opened on the server lands on the page to try it."""

from flask import Flask, redirect, url_for
from werkzeug.wrappers import Response


def to_swagger_ui() -> Response:
    """302 to Swagger UI; temporary, so a client never caches it past a change of the page."""
    return redirect(url_for("api.doc"), code=302)


def add_front_door(app: Flask) -> None:
    """`/` and `/api/v1` without its slash; `/api/v1/` is the Api's root (blueprint.py)."""
    app.add_url_rule("/", "front_door", to_swagger_ui)
    app.add_url_rule("/api/v1", "api_front_door", to_swagger_ui)

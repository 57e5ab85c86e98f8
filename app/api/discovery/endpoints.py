"""The metadata document at the site root, where clients look for it (Discovery 1.0, 4; RFC
8414, 3): outside /api/v1 and its Api, so a plain view."""

from flask import Flask, Response, current_app, jsonify

from app.api.discovery.metadata import DISCOVERY_PATHS, provider_metadata
from app.api.public_url import public_origin

MAX_AGE = 3600  # seconds; the document changes with a deployment, not between requests


def provider_configuration() -> Response:
    """The provider's metadata; any web page may read it, so CORS allows every origin."""
    algorithms = current_app.extensions["id_token_keys"].algorithms
    response = jsonify(provider_metadata(public_origin(), algorithms))
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response.headers["Access-Control-Allow-Origin"] = "*"  # flask-cors leaves it as set
    return response


def add_discovery(app: Flask) -> None:
    """Serve the document at both well-known paths, OpenID Connect's and RFC 8414's."""
    for endpoint, path in DISCOVERY_PATHS.items():
        app.add_url_rule(path, endpoint, provider_configuration)

"""Wiring the hosted pages into the app: each view module adds its routes to hosted_bp."""

from flask import Flask

from app.api.idp.authorize import origins_of
from app.hosted import (
    code_views,
    consent_views,
    device_views,
    passkey_views,
    password_views,
    provider_views,
    second_step_views,
    session_views,
)
from app.hosted.blueprint import hosted_bp
from app.hosted.headers import widen_form_action_for_next
from app.hosted.pages import init_pages

# Imported for the routes they add to hosted_bp.
VIEWS = (
    password_views,
    second_step_views,
    code_views,
    passkey_views,
    provider_views,
    session_views,
    consent_views,
    device_views,
)


def register_hosted(app: Flask) -> None:
    """Serve the hosted pages at the site root, with their templates ready."""
    app.register_blueprint(hosted_bp)
    init_pages(app)
    widen_form_action_for_next(app, origins_of)

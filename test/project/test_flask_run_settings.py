"""Under `flask run`, passkeys follow the host and port served, unless the operator set them or
production (REFUSE_UNSAFE_SETTINGS) needs them named."""

import logging

import click
import pytest
from flask.cli import run_command

from app import create_app
from app.config import SETTINGS
from app.security.sealing import new_data_key

DECLARED = SETTINGS["WEBAUTHN_ORIGINS"].default


@pytest.fixture(autouse=True)
def werkzeug_filters(monkeypatch):
    """The banner filter each app under `flask run` puts on werkzeug's logger, undone after."""
    monkeypatch.setattr(logging.getLogger("werkzeug"), "filters", [])
    for name in ("WEBAUTHN_ORIGINS", "WEBAUTHN_RP_ID"):
        monkeypatch.delenv(name, raising=False)


def flask_run(host: str, port: int) -> click.Context:
    """The context `flask run --host host --port port` loads the app in."""
    context = click.Context(run_command, info_name="run")
    context.params = {"host": host, "port": port, "cert": None}
    return context


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0", "::1", "localhost"])
def test_passkeys_follow_the_port_served_on_localhost(host):
    with flask_run(host, 8123):
        app = create_app("development", DATABASE_URL="sqlite://")
    assert app.config["WEBAUTHN_RP_ID"] == "localhost"  # never an address: browsers refuse one
    assert app.config["WEBAUTHN_ORIGINS"] == ["http://localhost:8123"]


def test_the_operators_settings_win(monkeypatch):
    monkeypatch.setenv("WEBAUTHN_ORIGINS", "http://localhost:8000")
    with flask_run("127.0.0.1", 8123):
        app = create_app("development", DATABASE_URL="sqlite://")
    assert app.config["WEBAUTHN_ORIGINS"] == ["http://localhost:8000"]


@pytest.mark.usefixtures("id_token_key")
def test_production_keeps_what_it_was_given(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 32)
    monkeypatch.setenv("DATA_ENCRYPTION_KEYS", new_data_key())
    monkeypatch.setenv("PUBLIC_URL", "https://api.example.com")
    with flask_run("127.0.0.1", 8123):
        app = create_app("production", DATABASE_URL="sqlite://")
    assert app.config["WEBAUTHN_ORIGINS"] == DECLARED


def test_other_servers_keep_the_declared_defaults():
    app = create_app("development", DATABASE_URL="sqlite://")
    assert app.config["WEBAUTHN_ORIGINS"] == DECLARED
    assert logging.getLogger("werkzeug").filters == []  # and show werkzeug's lines, no banner

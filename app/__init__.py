"""The application factory and the extensions every module shares."""

import os
from pathlib import Path
from typing import Any

from flask import Flask, Response, request
from flask_bcrypt import Bcrypt
from flask_cors import CORS
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import check_settings, get_config, oidc_providers, refuse_unsafe_settings
from app.ops.dev_server import announce_flask_run, flask_run_settings
from app.ops.request_floor import ApiFlask, NoCookieSession, check_limits_only_where_declared
from app.ops.single_slashes import SingleSlashes
from app.ops.unread_body import DRAIN_LIMIT_FACTOR, ReadUnreadBody
from app.security_headers import add_security_headers

# Inside an installed wheel (setup.py puts it there), or at the top of a checkout.
INSTALLED_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
MIGRATIONS_DIR = (
    INSTALLED_MIGRATIONS
    if INSTALLED_MIGRATIONS.is_dir()
    else Path(__file__).resolve().parent.parent / "migrations"
)
DATABASE_CONNECT_TIMEOUT = 3  # seconds

# A request commits once, then builds its answer from what it wrote: reloading every object
# after the commit would cost a SELECT, and fail if another request deleted the row meanwhile.
db = SQLAlchemy(session_options={"expire_on_commit": False})
migrate = Migrate()
bcrypt = Bcrypt()
cors = CORS()


limiter = Limiter(get_remote_address)
mailman = Mail()  # not `mail`: that is the app.mail package


def create_app(config_name: str | None = None, **overrides: Any) -> Flask:
    """Build the app for FLASK_CONFIG (production when unset); `overrides` win over everything."""
    config_name = config_name or os.environ.get("FLASK_CONFIG", "production")
    app = ApiFlask(__name__)
    app.session_interface = NoCookieSession()
    app.json.sort_keys = False  # type: ignore[attr-defined]  # fields in documented order
    app.config.update(get_config(config_name))
    app.config.update(flask_run_settings(app.config))  # passkeys where `flask run` serves
    app.config.update(overrides)
    check_settings(app.config)
    refuse_unsafe_settings(app.config)
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", _database_url(app, config_name))
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = _engine_options(app.config)

    from app.ops.logs import configure_logging
    from app.ops.request_context import init_request_ids

    configure_logging(app.config["LOG_FORMAT"], app.config["LOG_LEVEL"])  # before app.logger
    announce_flask_run(app.config)
    init_request_ids(app)

    from app.security.id_token_keys import build_id_token_keys
    from app.security.keyring import build_keyring

    app.extensions["jwt_keyring"] = build_keyring(app.config)
    app.extensions["id_token_keys"] = build_id_token_keys(app.config, app.extensions["jwt_keyring"])
    app.extensions["oidc_providers"] = oidc_providers(app.config)

    from app.models.columns import render_item
    from app.persistence.dropped_connections import replace_dropped_connections
    from app.persistence.reads import close_read_connection

    db.init_app(app)
    with app.app_context():
        replace_dropped_connections(db.engine)
    app.teardown_appcontext(close_read_connection)
    migrate.init_app(
        app, db, directory=str(MIGRATIONS_DIR), compare_type=True, render_item=render_item
    )
    bcrypt.init_app(app)
    limiter.init_app(app)
    check_limits_only_where_declared(app, limiter)
    mailman.init_app(app)
    listed = app.config["CORS_ORIGINS"] != ["*"]
    cors.init_app(
        app,
        origins=app.config["CORS_ORIGINS"],
        send_wildcard=not listed,  # "*" itself rather than an echo of each origin: caches better
        supports_credentials=listed,  # cookies for the listed origins only, never for "*"
        expose_headers=["Location", "Link", "Total-Count"],
        always_send=False,  # no CORS headers for a request without Origin: no browser sent it
        vary_header=False,  # _vary_by_origin says it on every answer to an Origin, once
    )

    from app.api.account.business import PASSWORD_RESET, compose_password_reset
    from app.api.blueprint import api_bp
    from app.api.discovery.endpoints import add_discovery
    from app.api.errors import register_app_error_handlers
    from app.api.front_door import add_front_door
    from app.api.hosts import answer_only_our_hosts
    from app.api.keys.endpoints import jwks_response
    from app.api.login_codes.business import LOGIN_CODE, compose_login_code
    from app.cli import register_commands
    from app.hosted.routes import register_hosted
    from app.mail.outbox import COMPOSERS
    from app.mail.templates import MAIL_TEMPLATES, mail_environment
    from app.mail.worker import init_mail_worker
    from app.ops.metrics import init_metrics

    app.register_blueprint(api_bp)
    register_hosted(app)  # the provider's sign-in pages, at the site root
    add_front_door(app)
    add_discovery(app)
    app.add_url_rule("/.well-known/jwks.json", "jwks", jwks_response)  # by convention
    register_app_error_handlers(app)
    answer_only_our_hosts(app)
    register_commands(app)
    # The emails written when they are sent, not when queued (app/mail/outbox.py), by name.
    app.extensions[COMPOSERS] = {
        PASSWORD_RESET: compose_password_reset,
        LOGIN_CODE: compose_login_code,
    }
    app.extensions[MAIL_TEMPLATES] = mail_environment(app.config["TEMPLATES_FOLDER"])
    init_mail_worker(app)
    init_metrics(app)
    app.after_request(add_security_headers)
    app.after_request(_vary_by_origin)
    if proxies := app.config["PROXY_FIX_X_FOR"]:  # the client's address and scheme, not the
        # proxy's: rate limits count the client, and HSTS goes out when it came over TLS
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    app.wsgi_app = SingleSlashes(app.wsgi_app)  # type: ignore[method-assign]
    drain_limit = DRAIN_LIMIT_FACTOR * (app.config["MAX_CONTENT_LENGTH"] or 0)
    app.wsgi_app = ReadUnreadBody(app.wsgi_app, drain_limit)  # type: ignore[method-assign]
    return app


def _database_url(app: Flask, config_name: str) -> str:
    """DATABASE_URL, or a SQLite file named after the environment in the instance folder."""
    if app.config["DATABASE_URL"]:
        return app.config["DATABASE_URL"]
    os.makedirs(app.instance_path, exist_ok=True)
    return f"sqlite:///{Path(app.instance_path) / f'{config_name}.db'}"


def _engine_options(config: dict[str, Any]) -> dict[str, Any]:
    """A database server that does not answer fails a connection in seconds, well within
    gunicorn's timeout, so the client gets a 503 rather than a dropped connection."""
    options = dict(config["SQLALCHEMY_ENGINE_OPTIONS"])
    if config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        options["connect_args"] = {"connect_timeout": DATABASE_CONNECT_TIMEOUT} | options.get(
            "connect_args", {}
        )
    return options


def _vary_by_origin(response: Response) -> Response:
    """Whether CORS headers come, and which, depends on Origin: a shared cache must keep one
    copy per Origin of every answer to a request that sent one, listed or not, 404s included."""
    if "Origin" in request.headers:
        response.vary.add("Origin")
    return response

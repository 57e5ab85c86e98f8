"""The app as production serves it, under gunicorn on a database of the test's choosing."""

import os
import secrets
from pathlib import Path

from flask_migrate import upgrade

from app import create_app, db
from app.accounts.sessions import start_session
from app.api.auth.business import create_user
from app.ops.origin import Origin
from app.security.sealing import new_data_key
from bench.servers import Gunicorn, id_token_key_file


def serve(
    database_url: str,
    log: Path,
    workers: int = 2,
    threads: int = 1,
    access_log: bool = False,
    config: str = "production",
    environment: dict[str, str] | None = None,
    port: int | None = None,
    certificate: tuple[Path, Path] | None = None,
) -> tuple[Gunicorn, str]:
    """Migrate `database_url`, add an admin, and serve it; returns the server and the admin's
    access token. Rate limits are off: the load tests would only measure 429s. The access log,
    if asked for, goes to `log` with the rest; `environment` adds settings of its own;
    `certificate` (cert.pem, key.pem) makes gunicorn serve HTTPS."""
    settings = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "PUBLIC_URL": "http://127.0.0.1",
        "ID_TOKEN_PRIVATE_KEY_FILE": id_token_key_file(),
    }
    data_key = new_data_key()
    app = create_app(
        config,
        MAIL_WORKER_ENABLED=False,
        PASSWORD_BREACH_CHECK=False,
        DATA_ENCRYPTION_KEYS=[data_key],
        **settings,
    )
    with app.app_context():
        upgrade()
        admin = create_user("admin@example.com", "served-pass-1", admin=True)
        token = start_session(admin, Origin("127.0.0.1", "load")).access_token
        db.session.commit()
        db.engine.dispose()
    env = (
        os.environ
        | settings
        | {
            "FLASK_CONFIG": config,
            "DATA_ENCRYPTION_KEYS": data_key,
            "RATELIMIT_ENABLED": "false",
            "MAIL_WORKER_ENABLED": "false",
            "PASSWORD_BREACH_CHECK": "false",  # test_breached_passwords.py serves its own API
            "GUNICORN_THREADS": str(threads),
            "GUNICORN_ACCESS_LOG": "-" if access_log else "",
        }
        | (environment or {})
    )
    server = Gunicorn(
        "run:app", env, "/api/v1/health", log, workers=workers, port=port, certificate=certificate
    )
    return server, token

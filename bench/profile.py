"""`make profile`: where the time of one request goes, in process, without HTTP or gunicorn.

Serves `PROFILE_REQUESTS` requests (default 3,000) of each route through the WSGI app with
production settings on a fresh SQLite database (or PROFILE_DATABASE_URL), under cProfile, and
prints microseconds per request next to a bare Flask endpoint and the top functions by own time.
"""

import cProfile
import io
import os
import pstats
import secrets
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade

from app import create_app, db
from app.accounts.sessions import start_session
from app.api.auth.business import create_user
from app.ops.origin import Origin
from app.security.sealing import new_data_key
from bench import seed
from bench.baseline_app import app as baseline_app
from bench.databases import create_empty

REQUESTS = int(os.environ.get("PROFILE_REQUESTS", 3000))
TOP = int(os.environ.get("PROFILE_TOP", 25))


def main() -> None:
    url = os.environ.get("PROFILE_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/profile.db"
    app, token = prepared_app(url, secrets.token_urlsafe(48))
    auth = {"Authorization": f"Bearer {token}"}
    routes = {
        "bare Flask GET /": (baseline_app, "/", {}),
        "GET /health": (app, "/api/v1/health", {}),
        "GET /auth/user": (app, "/api/v1/auth/user", auth),
        "GET /widgets (10 of 100)": (app, "/api/v1/widgets?page=1&per_page=10", auth),
    }
    print(f"{REQUESTS:,} requests each, in process; database {url.split(':')[0]}\n")
    for name, (served, path, headers) in routes.items():
        call = _caller(served, path, headers)
        print(f"{name}: {_microseconds(call):.0f} µs per request")
    for name, (served, path, headers) in list(routes.items())[1:]:
        print(f"\n## {name}, top {TOP} by own time\n")
        print(_profile(_caller(served, path, headers)))


def prepared_app(url: str, secret_key: str) -> tuple[Flask, str]:
    """The app with production settings on a migrated database with 100 widgets, and an
    admin's access token."""
    create_empty(url)
    app = create_app(
        "production",
        DATABASE_URL=url,
        SECRET_KEY=secret_key,
        DATA_ENCRYPTION_KEYS=[new_data_key()],
        PUBLIC_URL="http://localhost",  # the test client's host
        RATELIMIT_ENABLED=True,  # as deployed: the limiter's cost on every route shows
        MAIL_WORKER_ENABLED=False,
        PASSWORD_BREACH_CHECK=False,  # seeding users: no network here
        LOG_LEVEL="WARNING",
    )
    with app.app_context():
        upgrade()
        admin = create_user("admin@example.com", "profile-pass-1", admin=True)
        token = start_session(admin, Origin("127.0.0.1", "profile")).access_token
        db.session.commit()
        seed.set_widget_count(100, admin.id)
    return app, token


def _caller(app: Flask, path: str, headers: dict[str, str]) -> Callable[[], None]:
    client = app.test_client()

    def call() -> None:
        response = client.get(path, headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)

    return call


def _microseconds(call: Callable[[], None]) -> float:
    for _ in range(REQUESTS // 10):  # warm caches
        call()
    started = time.perf_counter()
    for _ in range(REQUESTS):
        call()
    return (time.perf_counter() - started) / REQUESTS * 1e6


def _profile(call: Callable[[], None]) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(REQUESTS):
        call()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(TOP)
    return _trim(out.getvalue())


def _trim(report: str) -> str:
    """pstats' table without its preamble, with paths shortened to the package."""
    table = report[report.index("   ncalls") :]
    return table.replace(str(Path(__file__).resolve().parent.parent) + "/", "").replace(
        os.path.dirname(os.__file__) + "/", ""
    )


if __name__ == "__main__":
    main()

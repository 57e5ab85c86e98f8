"""`make bench`: seed, serve the app and the baseline under gunicorn, drive both with wrk.

Prints the results and writes them to bench/RESULTS.md. BENCH_SECONDS sets each wrk run's
length (default 5); every figure is the median of 3 interleaved rounds.
"""

import json
import os
import secrets
import statistics
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import psycopg
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from app import create_app
from bench import seed
from bench.bcrypt_rate import raw_bcrypt_rate
from bench.report import Results, machine_facts, render
from bench.servers import Gunicorn, production_env
from bench.wrk import Sample, measure

SECONDS = int(os.environ.get("BENCH_SECONDS", 5))
LOGIN_SECONDS = 5 * SECONDS  # a login takes most of a second: a long window keeps edges small
ROUNDS = 3
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/flask_api_bench"
)
PASSWORD = "benchmark-pass-1"
WORKERS = int(os.environ.get("GUNICORN_WORKERS", (os.cpu_count() or 1) * 2 + 1))


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    databases = {"SQLite": f"sqlite:///{workdir / 'bench.db'}"}
    if _recreate_postgres_database(POSTGRES_URL):
        databases["PostgreSQL"] = POSTGRES_URL
    results = {name: run_database(url, workdir / name) for name, url in databases.items()}
    report = render(results, machine_facts(databases), raw_bcrypt_rate(LOGIN_SECONDS), SECONDS)
    print(report)
    (Path(__file__).parent / "RESULTS.md").write_text(report)


def run_database(url: str, logs: Path) -> Results:
    """Both phases on one database: small tables, then 100,000 widgets and 1,000,000 revocations."""
    env = production_env(url, secrets.token_urlsafe(48))
    os.environ.update(env)
    app = create_app("production")
    with app.app_context():
        upgrade()
        user = seed.add_user("user@example.com", PASSWORD, admin=False)
        admin = seed.add_user("admin@example.com", PASSWORD, admin=True)
        token = user.encode_access_token()
        seed.set_widget_count(100, admin.id)
    ours = Gunicorn("run:app", env, "/api/v1/health", logs.with_suffix(".app.log"))
    baseline = Gunicorn("bench.baseline_app:app", env, "/", logs.with_suffix(".baseline.log"))
    auth = {"Authorization": f"Bearer {token}"}

    def page(number: int) -> Callable[[], Sample]:
        url = f"{ours.url}/api/v1/widgets?page={number}&per_page=10"
        return lambda: measure(url, SECONDS, auth)

    login = json.dumps({"email": "user@example.com", "password": PASSWORD})
    try:
        small, memory = _rounds(
            baseline,
            ours,
            {
                "health": lambda: measure(f"{ours.url}/api/v1/health", SECONDS),
                "auth_user": lambda: measure(f"{ours.url}/api/v1/auth/user", SECONDS, auth),
                "page_1_of_100": page(1),
            },
        )
        with app.app_context():
            seed.set_widget_count(100_000, admin.id)
            seed.fill_blacklist(1_000_000)
        large, _ = _rounds(
            baseline,
            ours,
            {
                "auth_user_1m_revoked": lambda: measure(
                    f"{ours.url}/api/v1/auth/user", SECONDS, auth
                ),
                "page_1_of_100k": page(1),
                "page_middle_of_100k": page(5_000),
                "page_last_of_100k": page(10_000),
            },
        )
        # Last, and one connection per worker: queued bcrypt work must not spill into the
        # next run, and a longer window keeps the in-flight logins at the end a small share.
        logins, _ = _rounds(
            baseline,
            ours,
            {
                "login": lambda: measure(
                    f"{ours.url}/api/v1/auth/login",
                    3 * SECONDS,
                    post_json=login,
                    connections=WORKERS,
                ),
            },
        )
    finally:
        ours.stop()
        baseline.stop()
    with app.app_context():
        from app import db

        db.engine.dispose()
    return Results(_medians(small | large | logins), memory)


def _rounds(
    baseline: Gunicorn, ours: Gunicorn, scenarios: dict[str, Callable[[], Sample]]
) -> tuple[dict[str, list[Sample]], list[list[float]]]:
    """Each round runs the baseline, then every scenario; returns samples and RSS per round."""
    for run in scenarios.values():  # warm every worker's caches first; not recorded
        run()
    samples: dict[str, list[Sample]] = defaultdict(list)
    memory = []
    for _ in range(ROUNDS):
        samples["baseline"].append(measure(f"{baseline.url}/", SECONDS))  # interleaved
        for name, run in scenarios.items():
            samples[name].append(run())
        memory.append(ours.worker_rss_mib())
    return samples, memory


def _medians(samples: dict[str, list[Sample]]) -> dict[str, Sample]:
    return {
        name: Sample(
            statistics.median(s.rps for s in runs),
            statistics.median(s.p50_ms for s in runs),
            statistics.median(s.p99_ms for s in runs),
            sum(s.errors for s in runs),
        )
        for name, runs in samples.items()
    }


def _recreate_postgres_database(url: str) -> bool:
    """A fresh, empty benchmark database; False when no PostgreSQL server answers."""
    target = make_url(url)
    server = target.set(drivername="postgresql", database="postgres")
    try:
        with psycopg.connect(
            server.render_as_string(hide_password=False), autocommit=True
        ) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{target.database}"')
    except psycopg.OperationalError as error:
        print(f"PostgreSQL skipped: {error}")
        return False
    return True


if __name__ == "__main__":
    main()

"""`python -m bench.wsgi_servers`: is gunicorn's threaded worker (gthread) worth it here?

The app and the bare-Flask baseline, each under gunicorn -w 2 with sync workers and with gthread
workers of 4 threads, measured in 3 interleaved rounds of wrk on SQLite. Prints a Markdown
table for docs/operations/performance.md.
"""

import os
import secrets
import statistics
import tempfile
from pathlib import Path

from bench.profile import prepared_app
from bench.servers import Gunicorn, production_env
from bench.wrk import measure

SECONDS = int(os.environ.get("BENCH_SECONDS", 3))
ROUNDS = 3
WORKERS = 2
ROUTES = {
    "bare Flask JSON endpoint": ("baseline", "/"),
    "GET /health": ("app", "/api/v1/health"),
    "GET /auth/user": ("app", "/api/v1/auth/user"),
    "GET /widgets page 1 (10 of 100)": ("app", "/api/v1/widgets?page=1&per_page=10"),
}


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="wsgi-"))
    secret_key = secrets.token_urlsafe(48)
    url = f"sqlite:///{workdir / 'api.db'}"
    _, token = prepared_app(url, secret_key)
    auth = {"Authorization": f"Bearer {token}"}
    env = production_env(url, secret_key)
    servers = {
        (kind, threads): Gunicorn(
            app,
            env | {"GUNICORN_THREADS": str(threads)},
            ready,
            workdir / f"{kind}-{threads}.log",
            WORKERS,
        )
        for kind, app, ready in (
            ("baseline", "bench.baseline_app:app", "/"),
            ("app", "run:app", "/api/v1/health"),
        )
        for threads in (1, 4)
    }
    rps: dict[tuple[str, int], list[float]] = {(name, t): [] for name in ROUTES for t in (1, 4)}
    try:
        for _ in range(ROUNDS):
            for name, (kind, path) in ROUTES.items():
                for threads in (1, 4):
                    server = servers[(kind, threads)]
                    sample = measure(f"{server.url}{path}", SECONDS, auth)
                    rps[(name, threads)].append(sample.rps)
    finally:
        for server in servers.values():
            server.stop()
    print("| route | sync req/s | gthread req/s | gthread ÷ sync |")
    print("|---|---:|---:|---:|")
    for name in ROUTES:
        sync, threaded = (statistics.median(rps[(name, t)]) for t in (1, 4))
        print(f"| {name} | {sync:,.0f} | {threaded:,.0f} | {threaded / sync:.2f} |")


if __name__ == "__main__":
    main()

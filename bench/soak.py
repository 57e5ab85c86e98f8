"""`make soak`: a bounded mixed load for SOAK_SECONDS (default 600) against gunicorn with
gunicorn.conf.py and production settings, on PostgreSQL when one answers (else SQLite).

Each client logs in, then reads its account, pages widgets, creates, replaces and deletes widgets
of its own, refreshes, and logs out, again and again. Every answer must be the one the contract
gives; anything else is an error. Worker memory is read every 30 seconds; after the first
minute's warm-up it must stay flat. Writes bench/SOAK.md.
"""

import json
import os
import random
import secrets
import statistics
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from http.client import HTTPConnection, HTTPException
from pathlib import Path

from flask_migrate import upgrade

from app import create_app, db
from app.api.auth.business import create_user
from app.security.sealing import new_data_key
from bench.databases import create_empty, postgres_pair
from bench.servers import Gunicorn, production_env

SECONDS = int(os.environ.get("SOAK_SECONDS", 600))
CLIENTS = 8
REQUESTS_PER_LOGIN = 200
SAMPLE_EVERY = 30
WARM_UP = 60
FLAT_MIB = 5.0  # growth of all workers together, from the first sample after warm-up to the last
PASSWORD = "soak-pass-123"
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/flask_api_bench"
)
REPORT = Path(__file__).parent / "SOAK.md"


class Tally:
    """Answers by action, and what went wrong, shared by the client threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.answers: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()

    def add(self, action: str, error: str | None) -> None:
        with self.lock:
            self.answers[action] += 1
            if error:
                self.errors[f"{action}: {error}"] += 1


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="soak-"))
    pair = postgres_pair(POSTGRES_URL.replace("_bench", "_soak"))
    url, database = (pair[0], "PostgreSQL") if pair else (f"sqlite:///{workdir}/s.db", "SQLite")
    secret_key = secrets.token_urlsafe(48)
    emails = _prepare(url, secret_key)
    server = Gunicorn(
        "run:app", production_env(url, secret_key), "/api/v1/health", workdir / "gunicorn.log"
    )
    tally, stop = Tally(), threading.Event()
    clients = [
        threading.Thread(target=_client, args=(server.url, email, tally, stop)) for email in emails
    ]
    started = time.monotonic()
    for client in clients:
        client.start()
    memory: list[tuple[float, float]] = []
    try:
        while (elapsed := time.monotonic() - started) < SECONDS:
            time.sleep(min(SAMPLE_EVERY, SECONDS - elapsed))  # between memory samples
            memory.append((time.monotonic() - started, sum(server.worker_rss_mib())))
    finally:
        stop.set()
        for client in clients:
            client.join()
        server.stop()
    report = _report(database, tally, memory)
    REPORT.write_text(report)
    print(report)


def _prepare(url: str, secret_key: str) -> list[str]:
    """A migrated database with one admin per client (each manages widgets of its own)."""
    create_empty(url)
    app = create_app(
        "production",
        DATABASE_URL=url,
        SECRET_KEY=secret_key,
        DATA_ENCRYPTION_KEYS=[new_data_key()],
        PUBLIC_URL="http://127.0.0.1",
        PASSWORD_BREACH_CHECK=False,  # seeding users: no network here
        LOG_LEVEL="WARNING",
    )
    emails = [f"soak-{number}@example.com" for number in range(CLIENTS)]
    with app.app_context():
        upgrade()
        for email in emails:
            create_user(email, PASSWORD, admin=True)
        db.session.commit()
        db.engine.dispose()
    return emails


def _client(url: str, email: str, tally: Tally, stop: threading.Event) -> None:
    address = url.removeprefix("http://")
    widget_number = 0
    while not stop.is_set():
        status, body = _call(address, "POST", "/auth/login", {"email": email, "password": PASSWORD})
        tally.add("login", None if status == 200 else str(status))
        if status != 200:
            continue
        access, refresh = body["access_token"], body["refresh_token"]
        for _ in range(REQUESTS_PER_LOGIN):
            if stop.is_set():
                break
            widget_number += 1
            name = f"{email.split('@')[0]}-{widget_number}"
            access, refresh = _one_action(address, access, refresh, name, tally)
        status, _ = _call(address, "POST", "/auth/logout", {"refresh_token": refresh}, access)
        tally.add("logout", None if status == 200 else str(status))


def _one_action(address: str, access: str, refresh: str, name: str, tally: Tally) -> tuple:
    """One request chosen by weight; returns the tokens to go on with."""
    action = random.choices(["user", "page", "widget", "refresh"], weights=[40, 30, 25, 5])[0]
    if action == "user":
        status, _ = _call(address, "GET", "/auth/user", token=access)
        tally.add(action, None if status == 200 else str(status))
    elif action == "page":
        status, _ = _call(address, "GET", "/widgets?per_page=25", token=access)
        tally.add(action, None if status == 200 else str(status))
    elif action == "widget":
        body = {"name": name, "info_url": "https://example.com", "deadline": "2099-01-01"}
        created, _ = _call(address, "POST", "/widgets", body, access)
        replaced, _ = _call(address, "PUT", f"/widgets/{name}", body, access)
        deleted, _ = _call(address, "DELETE", f"/widgets/{name}", token=access)
        outcome = (created, replaced, deleted)
        tally.add(action, None if outcome == (201, 200, 204) else str(outcome))
    else:
        status, body = _call(address, "POST", "/auth/refresh", {"refresh_token": refresh})
        tally.add(action, None if status == 200 else str(status))
        if status == 200:
            return body["access_token"], body["refresh_token"]
    return access, refresh


def _call(
    address: str, method: str, path: str, body: dict | None = None, token: str | None = None
) -> tuple[int, dict]:
    """One request on a new connection; status 0 when no answer came."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    connection = HTTPConnection(address, timeout=30)
    try:
        payload = json.dumps(body) if body is not None else None
        connection.request(method, f"/api/v1{path}", payload, headers)
        response = connection.getresponse()
        raw = response.read()
        return response.status, (json.loads(raw) if raw else {})
    except (OSError, HTTPException):
        return 0, {}
    finally:
        connection.close()


def _report(database: str, tally: Tally, memory: list[tuple[float, float]]) -> str:
    settled = [mib for at, mib in memory if at >= WARM_UP] or [mib for _, mib in memory]
    growth = settled[-1] - settled[0]
    total, errors = sum(tally.answers.values()), sum(tally.errors.values())
    verdict = "met" if errors == 0 and growth <= FLAT_MIB else "NOT MET"
    lines = [
        "# Soak result",
        "",
        f"`make soak`, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: {SECONDS} s of mixed load from "
        f"{CLIENTS} clients on {database}, gunicorn with `gunicorn.conf.py`, production settings.",
        "",
        f"- answers: {total:,} ({', '.join(f'{k} {v:,}' for k, v in tally.answers.items())})",
        f"- errors: {errors}" + (f" ({dict(tally.errors)})" if errors else ""),
        "- worker RSS, all workers, every 30 s (MiB): "
        + ", ".join(f"{mib:.1f}" for _, mib in memory),
        f"- growth after the first minute: {growth:+.1f} MiB (flat: at most {FLAT_MIB} MiB);"
        f" median {statistics.median(settled):.1f} MiB",
        f"- verdict: {verdict}",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()

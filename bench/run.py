"""`make bench`: the app and a bare-Flask baseline under the same gunicorn settings, with wrk.

Two copies of the app run side by side, one on small tables and one on 100,000 widgets and
1,000,000 revoked tokens, so that every compared figure comes from the same round; the floor
(baseline, /health, /auth/user, a widget page) is measured again with `-w 2`. Saves every raw
sample in bench/results.json, then renders bench/RESULTS.md from it (`python -m bench.report`
renders it again without measuring). BENCH_SECONDS sets each wrk run (default 2).
"""

import json
import os
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade

from app import create_app, db
from app.accounts import personal_tokens
from app.accounts.sessions import start_session
from app.api.auth.business import create_user
from app.models import User
from app.ops.origin import Origin
from app.security.keyring import generate_private_key, private_pem
from app.security.sealing import new_data_key
from bench import seed
from bench.bcrypt_rate import raw_bcrypt
from bench.databases import copy_database, create_empty, postgres_pair
from bench.password_change import PasswordChanges
from bench.report import Results, Run, machine_facts, render_saved, save
from bench.servers import Gunicorn, production_env
from bench.wrk import Sample, measure

SECONDS = int(os.environ.get("BENCH_SECONDS", 2))
WARM_SECONDS = 1  # each scenario once, unrecorded, before the rounds
LOGIN_SECONDS = 3 * SECONDS  # a login takes most of a second: a long window keeps edges small
ROUNDS = 3
TWO_WORKERS = 2  # the issue's reference setting: gunicorn -w 2, sync
Scenario = Callable[[int], Sample]  # one measurement of so many seconds
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/flask_api_bench"
)
PASSWORD = "benchmark-pass-1"
WORKERS = int(os.environ.get("GUNICORN_WORKERS", (os.cpu_count() or 1) * 2 + 1))
LOGIN = json.dumps({"email": "user@example.com", "password": PASSWORD})


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    sqlite = (f"sqlite:///{workdir / 'small.db'}", f"sqlite:///{workdir / 'large.db'}")
    databases = {"SQLite": sqlite}
    pair = postgres_pair(POSTGRES_URL)
    if pair:
        databases["PostgreSQL"] = pair
    else:
        print(f"PostgreSQL skipped: nothing answers at {POSTGRES_URL}")
    first = next(iter(databases))
    results = {
        name: run_database(*urls, workdir / name, with_logins=name == first)
        for name, urls in databases.items()
    }
    facts = machine_facts({name: urls[0] for name, urls in databases.items()})
    save(Run(results, facts, SECONDS))
    print(render_saved())


def run_database(small_url: str, large_url: str, logs: Path, with_logins: bool) -> Results:
    """Seed both copies, serve them and the baseline, and measure in interleaved rounds.

    Logins cost bcrypt, the same on any database: `with_logins` measures them on one only.
    """
    secret_key = secrets.token_urlsafe(48)
    token, admin_token, changer_token, user_id, personal = _prepare(
        small_url, large_url, secret_key
    )
    small_env, large_env = (production_env(url, secret_key) for url in (small_url, large_url))
    eddsa_env = small_env | _eddsa_settings(logs.with_suffix(".eddsa.pem"))
    eddsa_token = _eddsa_token(small_url, secret_key, eddsa_env)
    baseline = Gunicorn("bench.baseline_app:app", small_env, "/", logs.with_suffix(".base.log"))
    small = Gunicorn("run:app", small_env, "/api/v1/health", logs.with_suffix(".small.log"))
    large = Gunicorn("run:app", large_env, "/api/v1/health", logs.with_suffix(".large.log"))
    eddsa = Gunicorn("run:app", eddsa_env, "/api/v1/health", logs.with_suffix(".eddsa.log"))
    base_w2, small_w2, minimal_w2 = (
        Gunicorn(app, small_env, path, logs.with_suffix(f".{name}.w2.log"), TWO_WORKERS)
        for app, path, name in (
            ("bench.baseline_app:app", "/", "base"),
            ("run:app", "/api/v1/health", "small"),
            ("bench.minimal_app:app", "/api/v1/health", "minimal"),
        )
    )
    servers = (baseline, small, large, eddsa, base_w2, small_w2, minimal_w2)
    auth, admin_auth = bearer(token), bearer(admin_token)

    def get(server: Gunicorn, path: str, auth: dict[str, str] = auth) -> Scenario:
        return lambda seconds: measure(f"{server.url}{path}", seconds, auth)

    def reset(email: str) -> Scenario:
        body = json.dumps({"email": email})
        url = f"{small.url}/api/v1/auth/password-reset"
        return lambda seconds: measure(url, seconds, post_json=body)

    def log_in(seconds: int) -> Sample:
        url = f"{small.url}/api/v1/auth/login"
        return measure(url, seconds, post_json=LOGIN, connections=WORKERS)

    try:
        samples, memory = _rounds(
            small,
            SECONDS,
            {
                "baseline": get(baseline, "/", {}),
                "health": get(small, "/api/v1/health", {}),
                "auth_user": get(small, "/api/v1/auth/user"),
                "auth_user_1m_revoked": get(large, "/api/v1/auth/user"),
                "auth_user_eddsa": get(eddsa, "/api/v1/auth/user", bearer(eddsa_token)),
                "w2_baseline": get(base_w2, "/", {}),
                "w2_health": get(small_w2, "/api/v1/health", {}),
                "w2_auth_user": get(small_w2, "/api/v1/auth/user"),
                "w2_minimal_health": get(minimal_w2, "/api/v1/health", {}),
                "w2_minimal_auth_user": get(minimal_w2, "/api/v1/auth/user"),
                "w2_page_1_of_100": get(small_w2, "/api/v1/widgets?page=1&per_page=10"),
                "page_1_of_100": get(small, "/api/v1/widgets?page=1&per_page=10"),
                "page_1_of_100_pat": get(
                    small, "/api/v1/widgets?page=1&per_page=10", bearer(personal)
                ),
                "page_1_of_100k": get(large, "/api/v1/widgets?page=1&per_page=10"),
                "page_middle_of_100k": get(large, "/api/v1/widgets?page=5000&per_page=10"),
                "page_last_of_100k": get(large, "/api/v1/widgets?page=10000&per_page=10"),
                "audit_page_of_1k": get(small, "/api/v1/audit?per_page=10", admin_auth),
                "audit_page_of_1m": get(large, "/api/v1/audit?per_page=10", admin_auth),
                "audit_user_page_of_1k": get(small, f"/api/v1/audit?user={user_id}", admin_auth),
                "audit_user_page_of_1m": get(large, f"/api/v1/audit?user={user_id}", admin_auth),
                "users_page_of_100": get(small, "/api/v1/users?page=1&per_page=10", admin_auth),
                "users_page_of_100k": get(large, "/api/v1/users?page=1&per_page=10", admin_auth),
                "sessions": get(small, "/api/v1/auth/sessions"),
                "reset_registered": reset("user@example.com"),
                "reset_unknown": reset("nobody@example.com"),
            },
        )
        # Last, one request at a time per worker, so queued bcrypt work cannot spill into the
        # runs above; the raw rate is measured in the same rounds.
        bcrypt_bound: dict[str, Scenario] = {
            "password_change": PasswordChanges(small.url, changer_token, PASSWORD)
        }
        if with_logins:
            bcrypt_bound |= {"login": log_in, "raw_bcrypt": raw_bcrypt}
        slow, _ = _rounds(small, LOGIN_SECONDS, bcrypt_bound)
    finally:
        for server in servers:
            server.stop()
    return Results(samples | slow, memory)


def _prepare(small_url: str, large_url: str, secret_key: str) -> tuple[str, str, str, str, str]:
    """Small copy: 100 users, 100 widgets, 1,000 audit events. Large: 100,000 users and widgets,
    1,000,000 revocations and audit events; the user has 100 audit events in each.

    Returns a user's and an admin's access token, which work on both copies, a token of a user
    whose password the benchmark changes, the first user's id, and a personal access token of
    the user (widgets:read).
    """
    create_empty(small_url)
    with _app(small_url, secret_key).app_context():
        upgrade()
        user = create_user("user@example.com", PASSWORD)
        admin = create_user("admin@example.com", PASSWORD, admin=True)
        changer = create_user("changer@example.com", PASSWORD)
        seed.set_widget_count(100, admin.id)
        token, admin_token, changer_token = (
            start_session(person, Origin("127.0.0.1", "wrk")).access_token
            for person in (user, admin, changer)
        )
        admin_id, user_id = admin.id, user.public_id
        _, personal = personal_tokens.issue(user, "wrk", ["widgets:read"], days=1)
        db.session.commit()
        seed.add_users(97)
        seed.add_audit_events(1_000, user_id, user_every=10)
        db.session.remove()
        db.engine.dispose()  # a PostgreSQL template must have no open connections
    copy_database(small_url, large_url)  # the same users: the token works on both
    with _app(large_url, secret_key).app_context():
        seed.set_widget_count(100_000, admin_id)
        seed.fill_blacklist(1_000_000)
        seed.add_users(100_000 - 100, skip=97)
        seed.add_audit_events(999_000, user_id, user_every=1_000_000)  # the user's 100 came along
        db.engine.dispose()
    return token, admin_token, changer_token, user_id, personal


def _app(url: str, secret_key: str, **settings: str) -> Flask:
    return create_app(
        "production",
        DATABASE_URL=url,
        SECRET_KEY=secret_key,
        DATA_ENCRYPTION_KEYS=[new_data_key()],
        PUBLIC_URL="http://127.0.0.1",  # served there, ports aside
        BCRYPT_LOG_ROUNDS=12,
        PASSWORD_BREACH_CHECK=False,  # seeding users: no network here
        **settings,
    )


def _eddsa_settings(key_file: Path) -> dict[str, str]:
    """Sign with a new Ed25519 key instead of SECRET_KEY."""
    key = generate_private_key("EdDSA")
    key_file.write_bytes(private_pem(key))
    return {"JWT_ALGORITHM": "EdDSA", "JWT_PRIVATE_KEY_FILE": str(key_file)}


def _eddsa_token(url: str, secret_key: str, env: dict[str, str]) -> str:
    """An access token of the small copy's user, signed with the EdDSA key."""
    settings = {name: env[name] for name in ("JWT_ALGORITHM", "JWT_PRIVATE_KEY_FILE")}
    with _app(url, secret_key, **settings).app_context():
        user = User.find_by_email("user@example.com")
        assert user is not None
        token = start_session(user, Origin("127.0.0.1", "wrk")).access_token
        db.session.commit()
        db.engine.dispose()
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _rounds(
    ours: Gunicorn, seconds: int, scenarios: dict[str, Scenario]
) -> tuple[dict[str, list[Sample]], list[list[float]]]:
    """Each round runs every scenario for `seconds`, in order; returns the samples, and the RSS
    of our workers after each round."""
    for run in scenarios.values():  # warm every worker's caches first; not recorded
        run(WARM_SECONDS)
    samples: dict[str, list[Sample]] = {name: [] for name in scenarios}
    memory = []
    for _ in range(ROUNDS):
        for name, run in scenarios.items():
            samples[name].append(run(seconds))
        memory.append(ours.worker_rss_mib())
    return samples, memory


if __name__ == "__main__":
    main()

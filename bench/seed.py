"""Fill the benchmark database fast: set-based INSERTs, one statement per table."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from app import db

NUMBERS = {  # 1..:n as rows named n, per dialect
    "postgresql": "SELECT generate_series(1, :n) AS n",
    "sqlite": "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < :n) "
    "SELECT n FROM seq",
}


def set_widget_count(total: int, owner_id: int) -> None:
    """Exactly `total` widgets named widget-1…, and the counter set to match."""
    now = datetime.now(UTC)
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM widget"))
        connection.execute(
            text(
                "INSERT INTO widget (name, info_url, created_at, deadline, owner_id) "
                "SELECT 'widget-' || n, 'https://example.com', "
                f":now, :deadline, :owner FROM ({_numbers(connection)}) AS numbers"
            ),
            {"n": total, "now": now, "deadline": now + timedelta(days=365), "owner": owner_id},
        )
        connection.execute(
            text("UPDATE collection_count SET total = :n WHERE name = 'widget'"), {"n": total}
        )
    _analyze()


def add_users(count: int, skip: int = 0) -> None:
    """`count` more users from bench-<skip + 1>@example.com on, sharing one password hash."""
    now = datetime.now(UTC)
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO site_user (email, password_hash, registered_on, admin, public_id, "
                "email_verified, disabled) "
                "SELECT 'bench-' || (n + :skip) || '@example.com', :hash, :now, false, "
                f"'bench-' || (n + :skip), true, false FROM ({_numbers(connection)}) AS numbers"
            ),
            {"n": count, "skip": skip, "hash": "$2b$12$" + "x" * 53, "now": now},
        )
        connection.execute(
            text("UPDATE collection_count SET total = total + :n WHERE name = 'user'"),
            {"n": count},
        )
    _analyze()


def add_audit_events(count: int, user_public_id: str, user_every: int) -> None:
    """`count` audit events; every `user_every`-th one names the user, the rest others."""
    now = datetime.now(UTC)
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_event (at, event, actor, subject, ip, client, details) "
                "SELECT :now, 'login_succeeded', "
                "CASE WHEN n % :every = 0 THEN :user ELSE 'bench-' || (n % 5000) END, "
                "NULL, '127.0.0.1', 'bench', '{}' "
                f"FROM ({_numbers(connection)}) AS numbers"
            ),
            {"n": count, "now": now, "user": user_public_id, "every": user_every},
        )
        connection.execute(
            text("UPDATE collection_count SET total = total + :n WHERE name = 'audit_event'"),
            {"n": count},
        )
    _analyze()


def fill_blacklist(rows: int) -> None:
    """`rows` revoked tokens that expire tomorrow: the table a busy site would have."""
    now = datetime.now(UTC)
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO token_blacklist (jti, expires_at, blacklisted_on) "
                f"SELECT 'bench-' || n, :expires, :now FROM ({_numbers(connection)}) AS numbers"
            ),
            {"n": rows, "expires": now + timedelta(days=1), "now": now},
        )
    _analyze()


def _numbers(connection) -> str:  # type: ignore[no-untyped-def]
    return NUMBERS[connection.dialect.name]


def _analyze() -> None:
    """Fresh planner statistics (and, on PostgreSQL, a visibility map for index-only scans)."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(
            text("VACUUM ANALYZE" if connection.dialect.name == "postgresql" else "ANALYZE")
        )

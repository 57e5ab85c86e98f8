"""The benchmark's databases: for each kind, a small-table copy and a large-table copy."""

import shutil

import psycopg
from sqlalchemy.engine import make_url


def postgres_pair(url: str) -> tuple[str, str] | None:
    """Fresh `<db>_small` and `<db>_large` names on the server; None when no server answers."""
    base = make_url(url)
    try:
        with _admin(url):
            pass
    except psycopg.OperationalError:
        return None
    name = base.database
    return (
        base.set(database=f"{name}_small").render_as_string(hide_password=False),
        base.set(database=f"{name}_large").render_as_string(hide_password=False),
    )


def create_empty(url: str) -> None:
    """An empty database at `url` (a SQLite file is created on first use)."""
    if url.startswith("postgresql"):
        database = make_url(url).database
        with _admin(url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{database}"')


def copy_database(source: str, target: str) -> None:
    """`target` becomes an exact copy of `source`, whose connections must all be closed."""
    if source.startswith("sqlite"):
        shutil.copyfile(make_url(source).database or "", make_url(target).database or "")
        return
    database, template = make_url(target).database, make_url(source).database
    with _admin(source) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{database}" TEMPLATE "{template}"')


def _admin(url: str) -> psycopg.Connection:
    server = make_url(url).set(drivername="postgresql", database="postgres")
    return psycopg.connect(server.render_as_string(hide_password=False), autocommit=True)

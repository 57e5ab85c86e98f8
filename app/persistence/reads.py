"""One pooled connection per request for plain reads: the token check, pages, totals, health.

They want rows, not ORM objects, so they skip the ORM session and share this connection: a
request that checks a token and reads a page checks one connection out of the pool, not two.
Writes go through the ORM session as before.

On PostgreSQL the connection autocommits: each read is a statement of its own, as it would be
anyway under READ COMMITTED, and a request that only reads sends no BEGIN and no ROLLBACK:
GET /auth/user sends its one SELECT and nothing else. SQLite's driver begins no transaction for
a read, so there is nothing to save; and an in-memory database shares one connection with the
ORM session, whose writes must not autocommit.

A pooled connection the server has dropped is replaced at checkout (dropped_connections.py);
one that dies between that check and its statement fails the statement, and `read` runs it
once more on a fresh connection: a read changes nothing, so running it twice is safe.

The connection has the ORM session's scope: one per app context (a request lives in one), kept
in a registry keyed the way Flask-SQLAlchemy keys its sessions, and closed at teardown.
"""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, CursorResult, Executable
from sqlalchemy.exc import DBAPIError
from sqlalchemy.util import ScopedRegistry

from app import db


def _connect() -> Connection:
    connection = db.engine.connect()
    if connection.dialect.name == "postgresql":
        return connection.execution_options(isolation_level="AUTOCOMMIT")
    return connection


_connections: ScopedRegistry[Connection] = ScopedRegistry(
    createfunc=_connect, scopefunc=db.session.registry.scopefunc
)


def read(
    statement: Executable, parameters: Mapping[str, Any] | None = None
) -> CursorResult[*tuple[Any, ...]]:
    """Run `statement` on this app context's read connection, opened on first use, and once
    more on a fresh one if the server had dropped it."""
    try:
        return _connections().execute(statement, parameters)
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
    close_read_connection()
    return _connections().execute(statement, parameters)


def close_read_connection(_error: BaseException | None = None) -> None:
    """At teardown: back to the pool, its implicit transaction rolled back. A connection the
    server has dropped (a restart) cannot roll back; SQLAlchemy has discarded it already, and
    the answer has been given, so that is not an error of this request."""
    if not _connections.has():
        return
    connection: Connection = _connections()
    _connections.clear()
    try:
        connection.close()
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise

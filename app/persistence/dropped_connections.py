"""A pooled PostgreSQL connection that the server has ended is replaced before it is used, at
the cost of a system call rather than a round trip.

pool_pre_ping sends a statement at every checkout: a round trip on every request, to a server
that shares the machine's cores. A server that ends a connection (a restart, an idle timeout,
pg_terminate_backend) first writes the reason and then closes the socket, so the socket has
something to read. A healthy idle connection never does. Looking at the socket is enough, and
it is free.

A connection that dies after this look and before its first statement fails that statement,
and SQLAlchemy then discards every pooled connection older than the failure. Reads are retried
once on a fresh connection (app/persistence/reads.py). A write is answered with a 503 and
Retry-After: the same window pool_pre_ping leaves between its ping and the statement.
"""

import select
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DisconnectionError


def replace_dropped_connections(engine: Engine) -> None:
    """Check each connection as it leaves the pool, on a database that runs as a server.
    SQLite has no server to drop a connection."""
    if engine.dialect.name == "postgresql":
        event.listen(engine, "checkout", _refuse_if_dropped)


def _refuse_if_dropped(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """The pool answers DisconnectionError by opening a new connection in this one's place."""
    if dbapi_connection.closed or _has_something_to_read(dbapi_connection.fileno()):
        raise DisconnectionError("The database server has ended this pooled connection")


def _has_something_to_read(socket: int) -> bool:
    """A closed socket or unread data (its end of file reads as input too), without waiting."""
    poller = select.poll()
    poller.register(socket, select.POLLIN)
    return bool(poller.poll(0))

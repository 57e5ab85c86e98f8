"""One pooled connection per request for plain reads: the token check, pages, totals, health.

They want rows, not ORM objects, so they skip the ORM session and share this connection: a
request that checks a token and reads a page checks one connection out of the pool (one
pre-ping on PostgreSQL), not two. Writes go through the ORM session as before.
"""

from flask import g
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from app import db


def read_connection() -> Connection:
    """This request's (or app context's) read connection, opened on first use."""
    if "read_connection" not in g:
        g.read_connection = db.engine.connect()
    connection: Connection = g.read_connection
    return connection


def close_read_connection(_error: BaseException | None = None) -> None:
    """At teardown: back to the pool, its implicit transaction rolled back. A connection the
    server has dropped (a restart) cannot roll back; SQLAlchemy has discarded it already, and
    the answer has been given, so that is not an error of this request."""
    connection = g.pop("read_connection", None)
    if connection is None:
        return
    try:
        connection.close()
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise

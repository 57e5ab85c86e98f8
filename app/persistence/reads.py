"""One pooled connection per request for plain reads: the token check, pages, totals, health.

They want rows, not ORM objects, so they skip the ORM session's queries and share this
connection: a request that checks a token and reads a page checks one connection out of the
pool (one pre-ping on PostgreSQL), not two. Writes go through the ORM session as before.

The connection is kept in the ORM session's `info`, so it has the session's scope (the app
context, which a request lives in) and nothing else has to carry it.
"""

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from app import db

KEY = "read_connection"


def read_connection() -> Connection:
    """This app context's read connection, opened on first use."""
    info = db.session().info
    if KEY not in info:
        info[KEY] = db.engine.connect()
    connection: Connection = info[KEY]
    return connection


def close_read_connection(_error: BaseException | None = None) -> None:
    """At teardown: back to the pool, its implicit transaction rolled back. A connection the
    server has dropped (a restart) cannot roll back; SQLAlchemy has discarded it already, and
    the answer has been given, so that is not an error of this request."""
    if not db.session.registry.has():
        return
    connection = db.session().info.pop(KEY, None)
    if connection is None:
        return
    try:
        connection.close()
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise

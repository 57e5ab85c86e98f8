"""Connections the database server has ended never fail the next request, and finding that out
costs no round trip: GET /auth/user sends PostgreSQL its one SELECT and nothing else. Round
trips are counted from libpq's own protocol trace."""

from collections.abc import Callable, Iterator

import psycopg
import pytest
from conftest import PASSWORD, require_postgres_url
from sqlalchemy import event
from sqlalchemy.engine import make_url

from app import db


@pytest.fixture
def database_url():
    """Only a database server can drop our connections under us."""
    return require_postgres_url()


def _admin_connection(database_url: str) -> psycopg.Connection:
    url = make_url(database_url).set(drivername="postgresql")
    return psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)


def end_connections(database_url: str, *pids: int) -> int:
    """What a restart does to our pool: the server ends each of its connections (these, or
    all but the caller's). Returns once they are gone, so each has told its client why."""
    with _admin_connection(database_url) as admin:
        if not pids:
            pids = tuple(
                pid
                for (pid,) in admin.execute(
                    "SELECT pid FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM unnest(%s::int[]) AS pid", [list(pids)]
        )
        while admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", [list(pids)]
        ).fetchone()[0]:
            pass  # a backend ends within milliseconds of its signal; nothing else to wait for
    return len(pids)


def test_next_read_after_connections_drop_succeeds(client, create_account, database_url):
    account = create_account()
    assert client.get("/api/v1/auth/user", headers=account.headers).status_code == 200
    assert end_connections(database_url) >= 1
    response = client.get("/api/v1/auth/user", headers=account.headers)
    assert response.status_code == 200
    assert response.json["email"] == account.email


def test_next_write_after_connections_drop_succeeds(app, client, create_account, database_url):
    """A login's first statement goes through the ORM session, which no read retry covers: the
    dropped connection must be replaced before it is used."""
    account = create_account()
    with app.app_context():  # the pool holds a connection of the ORM session's
        db.session.execute(db.select(1))
        db.session.remove()
    assert end_connections(database_url) >= 1
    response = client.post(
        "/api/v1/auth/login", json={"email": account.email, "password": PASSWORD}
    )
    assert response.status_code == 200, response.json
    assert response.json["access_token"]


def test_read_whose_connection_dies_before_its_statement_is_retried(
    app, client, create_account, database_url
):
    """The connection passes the check at checkout, then the server ends it: the token check's
    SELECT fails, and runs once more on a new connection."""
    account = create_account()
    ended: list[int] = []

    def end_this_connection_once(connection, *_args) -> None:
        if not ended:
            ended.append(connection.connection.dbapi_connection.info.backend_pid)
            end_connections(database_url, ended[0])

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", end_this_connection_once)
    try:
        response = client.get("/api/v1/auth/user", headers=account.headers)
    finally:
        event.remove(engine, "before_cursor_execute", end_this_connection_once)
    assert ended, "the request ran no statement"
    assert response.status_code == 200, response.json
    assert response.json["email"] == account.email


@pytest.fixture
def round_trips(app, tmp_path) -> Iterator[Callable[[], int]]:
    """How many round trips our connections have made to PostgreSQL so far, from libpq's own
    protocol trace: each ends with the server's ReadyForQuery. Every connection is traced from
    its opening on, so a ping at checkout would count too."""
    path = tmp_path / "libpq.trace"
    traced = []
    with path.open("a") as trace, app.app_context():

        def trace_from_now_on(dbapi_connection, *_args) -> None:
            dbapi_connection.pgconn.trace(trace.fileno())
            traced.append(dbapi_connection.pgconn)

        def count() -> int:
            for pgconn in traced:
                pgconn.trace(trace.fileno())  # libpq writes out what it has buffered
            return path.read_text().count("\tReadyForQuery")

        db.engine.dispose()
        event.listen(db.engine, "connect", trace_from_now_on)
        yield count
        event.remove(db.engine, "connect", trace_from_now_on)
        for pgconn in traced:
            pgconn.untrace()


def test_a_token_check_is_one_round_trip(client, create_account, round_trips):
    """No ping, no BEGIN, no ROLLBACK: the SELECT that checks the token is all it sends."""
    account = create_account()
    before = round_trips()
    response = client.get("/api/v1/auth/user", headers=account.headers)
    assert response.status_code == 200
    assert round_trips() - before == 1


def test_health_is_one_round_trip(client, round_trips):
    client.get("/api/v1/health")  # the pool now holds an open connection, as when serving
    before = round_trips()
    assert client.get("/api/v1/health").status_code == 200
    assert round_trips() - before == 1


def test_a_page_of_widgets_is_three_round_trips(
    client, create_account, create_widgets, round_trips
):
    """The token check, the total from its counter, and the page: its ids from the name index
    and its rows, in one statement."""
    create_widgets(*(f"widget-{number:02}" for number in range(30)))
    headers = create_account(admin=True).headers
    before = round_trips()
    response = client.get("/api/v1/widgets?page=3&per_page=10", headers=headers)
    assert response.status_code == 200
    assert [widget["name"] for widget in response.json["items"]] == [
        f"widget-{number:02}" for number in range(20, 30)
    ]
    assert round_trips() - before == 3

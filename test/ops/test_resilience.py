"""Connections the database server has ended never fail the next request, and finding that out
costs no round trip: GET /auth/user sends PostgreSQL its one SELECT and nothing else. Round
trips are counted from libpq's own protocol trace."""

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

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
def messages(app, tmp_path) -> Iterator[Callable[[], Counter[tuple[str, str]]]]:
    """How many messages of each kind our connections have exchanged with PostgreSQL so far,
    from libpq's own protocol trace: ("F", "Parse") is one the client sent, ("B",
    "ReadyForQuery") one the server sent, and each round trip ends with a ReadyForQuery. Every
    connection is traced from its opening on, each to its own file, so a ping at checkout would
    count too."""
    traced: list[tuple[Any, TextIO]] = []
    with app.app_context():

        def trace_from_now_on(dbapi_connection, *_args) -> None:
            trace = (tmp_path / f"libpq-{len(traced)}.trace").open("a")
            dbapi_connection.pgconn.trace(trace.fileno())
            traced.append((dbapi_connection.pgconn, trace))

        def count() -> Counter[tuple[str, str]]:
            kinds: Counter[tuple[str, str]] = Counter()
            for pgconn, trace in traced:
                pgconn.trace(trace.fileno())  # libpq writes out what it has buffered
                for fields in (
                    line.split("\t") for line in Path(trace.name).read_text().splitlines()
                ):
                    if len(fields) >= 4:  # time, direction, length, kind, contents
                        kinds[fields[1], fields[3].strip()] += 1
            return kinds

        db.engine.dispose()
        event.listen(db.engine, "connect", trace_from_now_on)
        yield count
        event.remove(db.engine, "connect", trace_from_now_on)
        for pgconn, trace in traced:
            pgconn.untrace()
            trace.close()


def round_trips(messages: Counter[tuple[str, str]]) -> int:
    return messages["B", "ReadyForQuery"]


def test_a_token_check_is_one_round_trip(client, create_account, messages):
    """No ping, no BEGIN, no ROLLBACK: the SELECT that checks the token is all it sends."""
    account = create_account()
    before = messages()
    response = client.get("/api/v1/auth/user", headers=account.headers)
    assert response.status_code == 200
    assert round_trips(messages() - before) == 1


def test_a_connection_prepares_the_token_check_once(client, create_account, messages):
    """psycopg prepares a statement on its fifth use on a connection; from then on the server
    gets the prepared statement's name and the values, and parses nothing."""
    account = create_account()
    for _ in range(12):  # the pool hands its connections out in turn: each sees it 5 times
        client.get("/api/v1/auth/user", headers=account.headers)
    before = messages()
    assert client.get("/api/v1/auth/user", headers=account.headers).status_code == 200
    sent = messages() - before
    assert (sent["F", "Parse"], sent["F", "Bind"], round_trips(sent)) == (0, 1, 1)


def test_health_is_one_round_trip(client, messages):
    client.get("/api/v1/health")  # the pool now holds an open connection, as when serving
    before = messages()
    assert client.get("/api/v1/health").status_code == 200
    assert round_trips(messages() - before) == 1


def test_a_page_of_widgets_is_three_round_trips(client, create_account, create_widgets, messages):
    """The token check, the total from its counter, and the page: its ids from the name index
    and its rows, in one statement."""
    create_widgets(*(f"widget-{number:02}" for number in range(30)))
    headers = create_account(admin=True).headers
    before = messages()
    response = client.get("/api/v1/widgets?page=3&per_page=10", headers=headers)
    assert response.status_code == 200
    assert [widget["name"] for widget in response.json["items"]] == [
        f"widget-{number:02}" for number in range(20, 30)
    ]
    assert round_trips(messages() - before) == 3

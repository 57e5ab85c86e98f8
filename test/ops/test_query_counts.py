"""Each request costs a fixed, small number of SQL statements, whatever the table sizes."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event

from app import db
from app.accounts.sessions import start_client_session
from app.api.clients.business import register as register_client
from app.models import User
from app.ops.origin import COMMAND_LINE
from app.util.datetime_util import utc_now


@pytest.fixture
def count_statements(app):
    """Context manager: counts the SQL statements the app sends while it is open."""

    @contextmanager
    def counting() -> Iterator[list[str]]:
        statements: list[str] = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: statements.append(args[2])  # noqa: E731 (statement text)
        event.listen(engine, "before_cursor_execute", listener)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", listener)

    return counting


def test_auth_user_is_one_statement(client, create_account, count_statements):
    account = create_account()
    with count_statements() as statements:
        assert client.get("/api/v1/auth/user", headers=account.headers).status_code == 200
    assert len(statements) == 1, statements


@pytest.mark.parametrize("page", [1, 2, 3])
def test_widget_page_statements_do_not_grow_with_the_table(
    client, create_account, create_widgets, count_statements, page
):
    headers = create_account().headers
    counts = []
    for names in (
        [f"a{number:02}" for number in range(15)],
        [f"w{number:03}" for number in range(60)],
    ):
        create_widgets(*names)  # each batch has its own owner: owners must not cost a query each
        with count_statements() as statements:
            query = {"page": page, "per_page": 5}
            assert (
                client.get("/api/v1/widgets", query_string=query, headers=headers).status_code
                == 200
            )
        counts.append(len(statements))
    assert counts[0] == counts[1] == 3, counts  # the token check, the total, the page


def test_a_personal_token_costs_one_statement_and_a_write_a_minute(
    client, create_account, count_statements, clock
):
    account = create_account()
    body = {"name": "ci", "scopes": "widgets:read"}
    token = client.post("/api/v1/auth/tokens", json=body, headers=account.headers).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    counts = []
    for shift in (0, 30, 31):  # first use; 30 s on; a minute and a second after the first
        clock.shift(timedelta(seconds=shift))
        with count_statements() as statements:
            assert client.get("/api/v1/widgets/none", headers=headers).status_code == 404
        counts.append(len([s for s in statements if "personal_token" in s]))
    assert counts == [2, 1, 2], counts  # the check, and the last-use note at most once a minute
    with count_statements() as statements:
        client.get("/api/v1/widgets/none", headers={"Authorization": f"Bearer {token}x"})
    assert statements == []  # a malformed token is refused before any query


def test_a_token_granted_to_an_app_costs_what_a_session_s_does(
    app, client, create_account, count_statements
):
    """The session's client is read in the one statement that reads its scope."""
    account = create_account()
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(email=account.email))
        registered, _ = register_client(
            COMMAND_LINE,
            name="App",
            grant_types=["authorization_code"],
            scopes=["openid", "widgets:read"],
            redirect_uris=["https://app.example.com/cb"],
        )
        granted = start_client_session(
            user, COMMAND_LINE, registered.client_id, ["widgets:read"], utc_now(), ["pwd"]
        )
        db.session.commit()
    counted = []
    for headers in (account.headers, {"Authorization": f"Bearer {granted.access_token}"}):
        with count_statements() as statements:
            assert client.get("/api/v1/widgets/no-such-one", headers=headers).status_code == 404
        counted.append(len(statements))
    assert counted[0] == counted[1], counted

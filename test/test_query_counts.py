"""Each request costs a fixed, small number of SQL statements, whatever the table sizes."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from app import db


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
    assert counts[0] == counts[1] <= 4, counts

"""Storing rows whose uniqueness the database decides, not an earlier lookup that could race."""

from collections.abc import Callable
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from app import db
from app.errors import DomainError


def insert_unique(row: Any, clash: DomainError) -> None:
    """Add `row` and flush it; a unique-index clash, even with a racing request, raises `clash`.

    The caller commits. On a clash the whole transaction is rolled back, so call this before any
    other write of the operation.
    """
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise clash from None


# INSERT with its ON CONFLICT clauses, in the dialect of each database we run on.
_INSERT_BY_DIALECT: dict[str, Callable[[Any], Any]] = {
    "postgresql": postgresql.insert,
    "sqlite": sqlite.insert,
}


def insert_or_else(model: Any) -> Any:
    """An INSERT into `model`'s table that takes on_conflict_do_nothing / _do_update: one
    atomic statement where two requests may write the same row at once."""
    return _INSERT_BY_DIALECT[db.session.get_bind().dialect.name](model)

"""Storing rows whose uniqueness the database decides, not an earlier lookup that could race."""

from typing import Any

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

"""Storing rows whose uniqueness the database decides, not an earlier lookup that could race."""

from typing import Any

from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import Conflict

from app import db


def insert_unique(row: Any, conflict_message: str) -> None:
    """Add and commit `row`; a unique-index clash, even with a racing request, is a 409."""
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(conflict_message) from None

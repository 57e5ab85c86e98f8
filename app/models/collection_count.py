"""Row counts kept per collection, so a page can give its total without COUNT(*) on each request."""

from typing import Any

from sqlalchemy import DDL, Select, event, select, update
from sqlalchemy.orm import Mapped, mapped_column

from app import db


class CollectionCount(db.Model):  # type: ignore[name-defined,misc]
    """How many rows a collection has, updated in the same transaction as each change."""

    __tablename__ = "collection_count"

    name: Mapped[str] = mapped_column(db.String(50), primary_key=True)
    total: Mapped[int] = mapped_column(default=0)

    @classmethod
    def total_of(cls, name: str) -> Select[int]:
        """The statement that reads the current total of `name`: one primary-key lookup.
        Build it once, at import, like the statements that page the collection."""
        return select(cls.total).where(cls.name == name)

    @classmethod
    def add(cls, name: str, delta: int) -> None:
        """Correct the total after a bulk INSERT or DELETE, in the same transaction."""
        db.session.execute(update(cls).where(cls.name == name).values(total=cls.total + delta))


def keep_count(model: type, name: str) -> None:
    """Keep CollectionCount `name` equal to the rows of `model` through every ORM insert and delete.

    A bulk DELETE or INSERT in plain SQL bypasses this; correct the row in the same statement.
    """

    def adjust(delta: int) -> Any:
        def listener(_mapper: Any, connection: Any, _target: Any) -> None:
            counter = CollectionCount.__table__
            connection.execute(
                update(counter).where(counter.c.name == name).values(total=counter.c.total + delta)
            )

        return listener

    event.listen(model, "after_insert", adjust(1))
    event.listen(model, "after_delete", adjust(-1))
    seed = DDL(f"INSERT INTO collection_count (name, total) VALUES ('{name}', 0)")
    event.listen(CollectionCount.__table__, "after_create", seed)  # for db.create_all()

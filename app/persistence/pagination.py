"""Page-number pagination done by the database: a page of plain rows and the total."""

from dataclasses import dataclass
from math import ceil
from typing import Any, Generic, TypeVar

from sqlalchemy import BindParameter, Integer, Row, Select, bindparam, select
from sqlalchemy.orm import InstrumentedAttribute

from app.persistence.reads import read_connection

T = TypeVar("T")
PAGE_SIZES = (5, 10, 25, 50, 100)


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a collection; a page past the end is empty, not an error."""

    items: list[T]
    page: int
    items_per_page: int
    total_items: int

    @property
    def total_pages(self) -> int:
        """At least 1: an empty collection still has an (empty) first page."""
        return max(1, ceil(self.total_items / self.items_per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.total_pages


@dataclass(frozen=True)
class PagedCollection:
    """The statements that page a table in a unique, indexed order, built once at import."""

    ids_forward: Select[Any]
    ids_backward: Select[Any]
    rows: Select[Any]

    @classmethod
    def of(
        cls,
        model: Any,
        order_by: InstrumentedAttribute[Any],
        rows: Select | None = None,
        *,
        newest_first: bool = False,
    ) -> "PagedCollection":
        """Statements for `model` ordered by `order_by` (descending if `newest_first`); a page's
        rows are `rows` (the table's own columns by default), narrowed to the page's ids."""
        ids = select(model.id)
        offset: BindParameter[int] = bindparam("offset", type_=Integer)
        limit: BindParameter[int] = bindparam("limit", type_=Integer)
        in_page = model.id.in_(bindparam("ids", expanding=True))
        forward, backward = (
            (order_by.desc(), order_by) if newest_first else (order_by, order_by.desc())
        )
        return cls(
            ids_forward=ids.order_by(forward).offset(offset).limit(limit),
            ids_backward=ids.order_by(backward).offset(offset).limit(limit),
            rows=(select(model.__table__) if rows is None else rows).where(in_page),
        )

    def where(self, *conditions: Any) -> "PagedCollection":
        """The same collection narrowed by `conditions`, for a search (built per call)."""
        return PagedCollection(
            self.ids_forward.where(*conditions), self.ids_backward.where(*conditions), self.rows
        )


def paginate(
    collection: PagedCollection, *, page: int, per_page: int, count: Select[Any]
) -> Page[Row[Any]]:
    """One page of `collection` as plain rows, and its total from the `count` statement.

    Everything runs on the request's read connection, with no ORM object built. The page's ids
    come from the index alone, walked from whichever end is nearer (the last page costs what
    the first does); then only those rows are loaded.
    """
    connection = read_connection()
    total = connection.scalar(count) or 0
    offset = (page - 1) * per_page
    if offset >= total:  # past the end: empty, and no OFFSET too large for the database
        return Page([], page, per_page, total)
    size = min(per_page, total - offset)
    from_end = total - offset - size
    if from_end < offset:
        window = {"offset": from_end, "limit": size}
        ids = list(connection.scalars(collection.ids_backward, window))[::-1]
    else:
        ids = list(connection.scalars(collection.ids_forward, {"offset": offset, "limit": size}))
    by_id = {row.id: row for row in connection.execute(collection.rows, {"ids": ids})}
    return Page([by_id[id_] for id_ in ids if id_ in by_id], page, per_page, total)

"""Page-number pagination done by the database: a page of plain rows and the total."""

from dataclasses import dataclass
from math import ceil
from typing import Any, Generic, TypeVar

from sqlalchemy import BindParameter, ColumnElement, Integer, Row, Select, bindparam, select
from sqlalchemy.orm import InstrumentedAttribute

from app.persistence.reads import read

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
    """A page of a table in a unique, indexed order, as one statement built once at import.

    The statement reads the page's ids from the index alone (a subquery with OFFSET and LIMIT)
    and loads only those rows, in the page's order: one round trip for the page. It has two
    forms: one walks the index from the first item, the other from the last, so that the last
    page costs what the first does.
    """

    ids: Select[Any]
    forward: ColumnElement[Any]
    backward: ColumnElement[Any]
    rows: Select[Any]
    from_start: Select[Any]
    from_end: Select[Any]

    @classmethod
    def of(
        cls,
        model: Any,
        order_by: InstrumentedAttribute[Any],
        rows: Select | None = None,
        *,
        newest_first: bool = False,
    ) -> "PagedCollection":
        """Pages of `model` ordered by `order_by` (descending if `newest_first`); a page's rows
        are `rows` (the table's own columns by default)."""
        ascending, descending = order_by.asc(), order_by.desc()
        return cls.build(
            select(model.id),
            *((descending, ascending) if newest_first else (ascending, descending)),
            select(model.__table__) if rows is None else rows,
        )

    @classmethod
    def build(
        cls,
        ids: Select[Any],
        forward: ColumnElement[Any],
        backward: ColumnElement[Any],
        rows: Select[Any],
    ) -> "PagedCollection":
        """The page statements: `rows` whose id is among `ids` in the page's window, walking
        the index `forward` or `backward`, and always listed `forward`."""
        offset: BindParameter[int] = bindparam("offset", type_=Integer)
        limit: BindParameter[int] = bindparam("limit", type_=Integer)
        id_column = ids.selected_columns[0]

        def walking(order: ColumnElement[Any]) -> Select[Any]:
            in_page = id_column.in_(ids.order_by(order).offset(offset).limit(limit))
            return rows.where(in_page).order_by(forward)

        return cls(ids, forward, backward, rows, walking(forward), walking(backward))

    def where(self, *conditions: Any) -> "PagedCollection":
        """The same collection narrowed by `conditions`, for a search (built per call)."""
        narrowed = self.ids.where(*conditions)
        return PagedCollection.build(narrowed, self.forward, self.backward, self.rows)


def paginate(
    collection: PagedCollection, *, page: int, per_page: int, count: Select[Any]
) -> Page[Row[Any]]:
    """One page of `collection` as plain rows, and its total from the `count` statement: two
    statements on the request's read connection, and no ORM object built."""
    total = read(count).scalar() or 0
    offset = (page - 1) * per_page
    if offset >= total:  # past the end: empty, and no OFFSET too large for the database
        return Page([], page, per_page, total)
    size = min(per_page, total - offset)
    from_end = total - offset - size
    if from_end < offset:
        rows = read(collection.from_end, {"offset": from_end, "limit": size})
    else:
        rows = read(collection.from_start, {"offset": offset, "limit": size})
    return Page(list(rows), page, per_page, total)

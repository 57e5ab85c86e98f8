"""Create, read, update, delete and page widgets; the acting user is passed in as an argument."""

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Row, delete, select
from sqlalchemy.orm.exc import StaleDataError

from app import db
from app.errors import Conflict, NotFound
from app.models import CollectionCount, User, Widget
from app.persistence.pagination import Page, PagedCollection, paginate
from app.persistence.unique import insert_unique

NOT_FOUND = "{name} not found in database."


def create_widget(owner: User, name: str, info_url: str, deadline: datetime) -> Widget:
    """Store a widget; the unique index, not an earlier lookup, settles a name clash."""
    widget = Widget(name=name, info_url=info_url, deadline=deadline, owner=owner)
    insert_unique(widget, Conflict(f"Widget name: {name} already exists, must be unique."))
    db.session.commit()
    return widget


def find_widget(name: str) -> Widget:
    """The widget called `name` in any letter case; NotFound names it."""
    widget = db.session.scalar(select(Widget).filter_by(name=name.lower()))
    if widget is None:
        raise NotFound(NOT_FOUND.format(name=name))
    return widget


def replace_widget(
    owner: User, name: str, info_url: str, deadline: datetime
) -> tuple[Widget, bool]:
    """PUT: update the widget, or create it under `name`; says whether it was created."""
    widget = db.session.scalar(select(Widget).filter_by(name=name))
    if widget is None:
        try:
            return create_widget(owner, name, info_url, deadline), True
        except Conflict:  # created by a concurrent request since our lookup: update that one
            widget = find_widget(name)
    widget.info_url, widget.deadline = info_url, deadline
    try:
        db.session.commit()
    except StaleDataError:  # deleted by a concurrent request since our lookup: create it anew
        db.session.rollback()
        return create_widget(owner, name, info_url, deadline), True
    return widget, False


def delete_widget(name: str) -> None:
    """Remove the widget; NotFound when there is none by that name.

    One DELETE whose row count decides: of concurrent deletes of one widget, exactly one
    removes it, and the others find nothing (404), on any database.
    """
    result = db.session.execute(delete(Widget).where(Widget.name == name.lower()))
    deleted = cast(CursorResult[Any], result).rowcount  # a DELETE's result is a cursor's
    if not deleted:
        raise NotFound(NOT_FOUND.format(name=name))
    CollectionCount.add("widget", -deleted)
    db.session.commit()


# In name order (unique, so pages never overlap or skip), each row with its owner's columns.
WIDGET_PAGES = PagedCollection.of(
    Widget,
    Widget.name,
    select(
        Widget.__table__,
        User.email.label("owner_email"),
        User.public_id.label("owner_public_id"),
    ).outerjoin(User, Widget.owner_id == User.id),
)


WIDGET_TOTAL = CollectionCount.total_of("widget")


def page_of_widgets(page: int, per_page: int) -> Page[Row[Any]]:
    """One page of widgets; the total comes from the counter, not from COUNT(*)."""
    return paginate(WIDGET_PAGES, page=page, per_page=per_page, count=WIDGET_TOTAL)

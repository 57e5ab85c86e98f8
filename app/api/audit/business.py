"""Reading and pruning the audit trail."""

from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, func, select, union

from app import db
from app.models import AuditEvent, CollectionCount
from app.persistence.pagination import Page, PagedCollection, paginate
from app.util.datetime_util import utc_now

# Newest first, by id: ids grow with time, and every filter has an index ending in id.
AUDIT_PAGES = PagedCollection.of(AuditEvent, AuditEvent.id, newest_first=True)
AUDIT_TOTAL = CollectionCount.total_of("audit_event")


def page_of_events(
    page: int, per_page: int, user: str | None = None, event: str | None = None
) -> Page[Row[Any]]:
    """One page of events, newest first, of one user (as actor or subject) or one event."""
    filters: list[ColumnElement[bool]] = []
    if user:  # a union of two index lookups: SQLite would answer an OR with a full scan
        as_actor = select(AuditEvent.id).where(AuditEvent.actor == user)
        as_subject = select(AuditEvent.id).where(AuditEvent.subject == user)
        filters.append(AuditEvent.id.in_(union(as_actor, as_subject)))
    if event:
        filters.append(AuditEvent.event == event)
    if not filters:
        return paginate(AUDIT_PAGES, page=page, per_page=per_page, count=AUDIT_TOTAL)
    count = select(func.count()).select_from(AuditEvent).where(*filters)
    return paginate(AUDIT_PAGES.where(*filters), page=page, per_page=per_page, count=count)


def prune_events(older_than_days: int) -> int:
    """Delete the events older than that many days; returns how many went."""
    removed = AuditEvent.prune(utc_now() - timedelta(days=older_than_days))
    db.session.commit()
    return removed

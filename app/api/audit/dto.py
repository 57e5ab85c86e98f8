"""Audit list parameters and the event and page models."""

import json
from typing import Any

from flask import url_for
from flask_restx import Model, fields
from sqlalchemy import Row

from app.api import examples
from app.api.nullable_fields import NullableString
from app.api.paging_dto import page_body, page_model, pagination_reqparser
from app.ops.audit import AuditEvent
from app.persistence.pagination import Page

USER_INVALID = "user must be a user's public_id."
EVENTS = tuple(event.value for event in AuditEvent)  # plain names, as the documents list them


def event_name(value: Any) -> str:
    """One of the events the trail records."""
    if value not in EVENTS:
        raise ValueError(f"event must be one of {', '.join(EVENTS)}.")
    return str(value)


def public_id(value: Any) -> str:
    """A user's public id: at most 36 characters."""
    if not isinstance(value, str) or not 0 < len(value) <= 36:
        raise ValueError(USER_INVALID)
    return value


event_name.__schema__ = {"type": "string", "enum": list(EVENTS)}  # type: ignore[attr-defined]
public_id.__schema__ = {"type": "string", "maxLength": 36}  # type: ignore[attr-defined]

audit_list_reqparser = pagination_reqparser.copy()
audit_list_reqparser.add_argument(
    "user",
    type=public_id,
    location="args",
    description="Keep the events this user did or that concern them (their public_id)",
    example=examples.USER_ID,
)
audit_list_reqparser.add_argument(
    "event",
    type=event_name,
    location="args",
    description="Keep the events of this kind",
    example="login_failed",
)

audit_event_model = Model(
    "AuditEvent",
    {
        "at": fields.DateTime(
            dt_format="iso8601", description="When it happened", example=examples.WHEN
        ),
        "event": fields.String(
            enum=list(EVENTS), description="What happened", example="login_failed"
        ),
        "actor": NullableString(
            description="public_id of who acted; null: nobody logged in",
            example=examples.USER_ID,
        ),
        "subject": NullableString(
            description="public_id of whom it concerns", example=examples.USER_ID
        ),
        "ip": fields.String(description="The client's address", example=examples.IP_ADDRESS),
        "client": fields.String(description="User-Agent", example=examples.USER_AGENT),
        "request_id": NullableString(
            description="The request's X-Request-ID; null: from the command line",
            example="9f1c2d3e4b5a69788796a5b4c3d2e1f0",
        ),
        "details": fields.Raw(
            description="Plain facts of the event: never a secret",
            example={"reason": "email or password does not match"},
        ),
    },
)

audit_page_model = page_model("AuditPage", audit_event_model)


def audit_event_body(event: Row[Any]) -> dict[str, Any]:
    """A page's row of an event as audit_event_model describes it."""
    return {
        "at": event.at.isoformat(),
        "event": event.event,
        "actor": event.actor,
        "subject": event.subject,
        "ip": event.ip,
        "client": event.client,
        "request_id": event.request_id,
        "details": _details(event),
    }


def _details(event: Row[Any]) -> dict[str, Any]:
    """The event's facts; a requests_refused row's count of refusals is a column of its own
    (`times`: Row.count is a tuple's method), so that it grows in one UPDATE."""
    details: dict[str, Any] = json.loads(event.details)
    if event.times is not None:
        details["count"] = event.times
    return details


def audit_page_body(page: Page[Row[Any]], query: dict[str, Any]) -> dict[str, Any]:
    """A page of events; the links keep the filters."""
    items = [audit_event_body(event) for event in page.items]
    return page_body(page, url_for("api.audit_list", **query), items)

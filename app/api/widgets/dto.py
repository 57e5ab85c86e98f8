"""Widget parsers with their validators; widget, owner and page models."""

import re
from datetime import UTC, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

from dateutil import parser as date_parser
from flask import url_for
from flask_restx import Model, fields
from sqlalchemy import Row

from app.api import examples
from app.api.body import body_parser
from app.api.nullable_fields import NullableNested, NullableString
from app.api.paging_dto import page_body, page_model
from app.models import Widget
from app.persistence.pagination import Page
from app.util.datetime_util import format_duration, utc_now

NAME_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,100}")
INFO_URL_INVALID = "info_url must be an http or https URL, such as https://example.com/info."
DATE_EXAMPLES = "such as 2030-05-13, 05/13/2030 or May 13 2030"
NOT_A_DATE = f"deadline must be a date, {DATE_EXAMPLES}."


def widget_name(value: Any) -> str:
    """Letters, digits, '-' and '_' only; stored and looked up in lower case."""
    if not isinstance(value, str) or not NAME_PATTERN.fullmatch(value):
        raise ValueError(
            "Widget name must be 1 to 100 letters, digits, '-' or '_', such as 'solar-panel_2'."
        )
    return value.lower()


def info_url(value: Any) -> str:
    """An absolute http or https URL."""
    parts = urlsplit(value) if isinstance(value, str) and len(value) <= 2048 else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(INFO_URL_INVALID)
    return value


def deadline(value: Any) -> datetime:
    """A date, today (UTC) or later, in any format dateutil reads; kept as that day's end."""
    try:
        day = date_parser.parse(value).date() if isinstance(value, str) else None
    except (ValueError, OverflowError):
        day = None
    if day is None:
        raise ValueError(NOT_A_DATE)
    today = utc_now().date()
    if day < today:
        raise ValueError(f"deadline must be today ({today.isoformat()}) or later, {DATE_EXAMPLES}.")
    return datetime.combine(day, time.max, tzinfo=UTC)


widget_name.__schema__ = {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,100}$"}  # type: ignore[attr-defined]
info_url.__schema__ = {"type": "string", "format": "uri"}  # type: ignore[attr-defined]
deadline.__schema__ = {"type": "string"}  # type: ignore[attr-defined]

create_widget_reqparser = body_parser()
create_widget_reqparser.add_argument(
    "name",
    type=widget_name,
    required=True,
    description="1 to 100 letters, digits, '-' or '_'; stored in lower case",
    example="solar-panel",
)
create_widget_reqparser.add_argument(
    "info_url",
    type=info_url,
    required=True,
    description="An http or https URL about the widget",
    example="https://example.com/solar-panel",
)
create_widget_reqparser.add_argument(
    "deadline",
    type=deadline,
    required=True,
    description="A date, today (UTC) or later; the widget is due at its end",
    example="2030-05-13",
)

update_widget_reqparser = create_widget_reqparser.copy()
update_widget_reqparser.remove_argument("name")

widget_owner_model = Model(
    "WidgetOwner",
    {
        "email": fields.String(
            description="The owner's address; never to a token issued to another app",
            example=examples.EMAIL,
        ),
        "public_id": fields.String(description="The owner's user id", example=examples.USER_ID),
    },
)

widget_model = Model(
    "Widget",
    {
        "name": fields.String(description="Its name, in lower case", example="solar-panel"),
        "info_url": fields.String(
            description="Where to read about it", example="https://example.com/solar-panel"
        ),
        "created_at": fields.DateTime(
            dt_format="iso8601", description="When it was created", example=examples.WHEN
        ),
        "deadline": fields.DateTime(
            dt_format="iso8601",
            description="The end of the day it is due, in UTC",
            example="2030-05-13T23:59:59.999999+00:00",
        ),
        "deadline_passed": fields.Boolean(
            description="True once the deadline is behind us", example=False
        ),
        "time_remaining": NullableString(
            example="3 days, 04:05:06", description="null once the deadline has passed"
        ),
        "owner": NullableNested(
            widget_owner_model, allow_null=True, description="null once the owner is deleted"
        ),
        "link": fields.String(description="Its own URL", example="/api/v1/widgets/solar-panel"),
    },
)

widget_page_model = page_model("WidgetPage", widget_model)


# The bodies below follow widget_model and widget_page_model, which document them in Swagger;
# they are built directly because marshal() costs about 0.1 ms a field, most of a page's time.


def widget_body(
    widget: Widget | Row[Any], collection_url: str, *, owner_email: bool = True
) -> dict[str, Any]:
    """A widget (a stored one, or a page's row with its owner's columns) as widget_model
    describes it; its link is under `collection_url`. Without `owner_email` (a token issued to
    another app), the owner is their id alone: other people's addresses stay here."""
    left = widget.deadline - utc_now()  # one clock reading for both fields
    return {
        "name": widget.name,
        "info_url": widget.info_url,
        "created_at": widget.created_at.isoformat(),
        "deadline": widget.deadline.isoformat(),
        "deadline_passed": left < timedelta(0),
        "time_remaining": None if left < timedelta(0) else format_duration(left),
        "owner": (
            ({"email": widget.owner_email} if owner_email else {})
            | {"public_id": widget.owner_public_id}
            if widget.owner_public_id
            else None
        ),
        "link": f"{collection_url}/{widget.name}",  # names are URL-safe by validation
    }


def widget_page_body(page: Page[Row[Any]], *, owner_email: bool = True) -> dict[str, Any]:
    """A page of widgets as widget_page_model describes it (owner_email: see widget_body)."""
    collection_url = url_for("api.widget_list")
    items = [widget_body(w, collection_url, owner_email=owner_email) for w in page.items]
    return page_body(page, collection_url, items)

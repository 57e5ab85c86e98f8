"""Users parsers with their validators; the user (as admins see it) and page models."""

from typing import Any

from flask import url_for
from flask_restx import Model, fields
from sqlalchemy import Row

from app.api import examples
from app.api.body import body_parser
from app.api.input_fields import role_list
from app.api.nullable_fields import NullableDateTime
from app.api.paging_dto import page_body, page_model, pagination_reqparser
from app.models import User
from app.persistence.pagination import Page
from app.security.permissions import ROLES

MAX_QUERY_LENGTH = 254  # the longest email address there can be
TRUE_WORDS, FALSE_WORDS = {"true"}, {"false"}


def search_text(value: Any) -> str:
    """Part of an email address to look for, in any letter case."""
    if not isinstance(value, str) or len(value) > MAX_QUERY_LENGTH:
        raise ValueError(f"q must be text of at most {MAX_QUERY_LENGTH} characters.")
    return value.strip().lower()


def boolean(value: Any) -> bool:
    """JSON true or false, or the words "true" and "false" of a form; nothing else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
        return value.strip().lower() in TRUE_WORDS
    raise ValueError("Must be true or false.")


search_text.__schema__ = {"type": "string", "maxLength": MAX_QUERY_LENGTH}  # type: ignore[attr-defined]
boolean.__schema__ = {"type": "boolean"}  # type: ignore[attr-defined]

user_list_reqparser = pagination_reqparser.copy()
user_list_reqparser.add_argument(
    "q",
    type=search_text,
    location="args",
    default="",
    description="Keep the users whose address contains this, in any letter case",
    example="example.com",
)

update_user_reqparser = body_parser()
update_user_reqparser.add_argument(
    "roles",
    type=role_list,
    store_missing=False,
    description="The whole list of roles (in a form, separated by commas)",
    example=["user", "auditor"],
)
update_user_reqparser.add_argument(
    "admin",
    type=boolean,
    store_missing=False,
    description="true adds the admin role, false removes it",
    example=False,
)
update_user_reqparser.add_argument(
    "disabled",
    type=boolean,
    store_missing=False,
    description="true refuses every token and sign-in of the user; false lets them back",
    example=True,
)

managed_user_model = Model(
    "ManagedUser",
    {
        "email": fields.String(description="The user's address", example=examples.EMAIL),
        "public_id": fields.String(
            description="The user's id in URLs and tokens", example=examples.USER_ID
        ),
        "admin": fields.Boolean(description="True when admin is one of the roles", example=False),
        "roles": fields.List(
            fields.String(enum=list(ROLES)), description="What the user may do", example=["user"]
        ),
        "disabled": fields.Boolean(
            description="True: every token and sign-in is refused", example=False
        ),
        "email_verified": fields.Boolean(description="Whether the address is proven", example=True),
        "registered_on": fields.DateTime(
            dt_format="iso8601", description="When the account was made", example=examples.WHEN
        ),
        "last_login_at": NullableDateTime(
            dt_format="iso8601",
            description="The last sign-in; null: never",
            example="2026-12-01T17:40:12+00:00",
        ),
    },
)

user_page_model = page_model("UserPage", managed_user_model)


# Built directly, like widget bodies: marshal() would cost most of a page's time.
def managed_user_body(user: User | Row[Any]) -> dict[str, Any]:
    """A user (a stored one, or a page's row) as managed_user_model describes it."""
    return {
        "email": user.email,
        "public_id": user.public_id,
        "admin": user.admin,
        "roles": user.roles.split(","),
        "disabled": user.disabled,
        "email_verified": user.email_verified,
        "registered_on": user.registered_on.isoformat(),
        "last_login_at": user.last_login_at.isoformat() if user.last_login_at else None,
    }


def user_page_body(page: Page[Row[Any]], filters: dict[str, Any]) -> dict[str, Any]:
    """A page of users as user_page_model describes it; the links keep the filters."""
    items = [managed_user_body(user) for user in page.items]
    return page_body(page, url_for("api.user_list", **filters), items)

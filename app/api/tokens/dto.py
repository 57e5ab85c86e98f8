"""The personal token parser, and the model of a new token, with its secret (shown once)."""

from typing import Any

from flask_restx import Model, fields

from app.api import examples
from app.api.body import body_parser
from app.api.input_fields import display_name
from app.security.permissions import PERMISSIONS, requested_scope

MAX_DAYS = 365


def scope_list(value: Any) -> list[str]:
    """Space-separated permissions, as OAuth 2.0 writes a scope: one or more."""
    try:
        names = requested_scope(value) if isinstance(value, str) and len(value) <= 500 else []
    except ValueError:
        names = []
    if not names:
        known = " ".join(PERMISSIONS)
        raise ValueError(f"scopes must be one or more of: {known}, separated by spaces.")
    return names


def lifetime_in_days(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_DAYS:
        raise ValueError(f"expires_in_days must be a whole number from 1 to {MAX_DAYS}.")
    return value


scope_list.__schema__ = {"type": "string"}  # type: ignore[attr-defined]
lifetime_in_days.__schema__ = {"type": "integer", "minimum": 1, "maximum": MAX_DAYS}  # type: ignore[attr-defined]

create_reqparser = body_parser()
create_reqparser.add_argument(
    "name",
    type=display_name,
    required=True,
    description="What the token is for, 1 to 100 characters",
    example="deploy script",
)
create_reqparser.add_argument(
    "scopes",
    type=scope_list,
    required=True,
    description="Permissions of yours it holds, separated by spaces",
    example="widgets:read widgets:write",
)
create_reqparser.add_argument(
    "expires_in_days",
    type=lifetime_in_days,
    default=30,
    description=f"How many days it works, 1 to {MAX_DAYS}",
    example=30,
)

new_personal_token_model = Model(
    "NewPersonalToken",
    {
        "id": fields.String(description="In /auth/tokens/<id>", example=examples.TOKEN_ID),
        "name": fields.String(description="What it is for", example="deploy script"),
        "token": fields.String(
            description="Shown this once: send it as Bearer <token>",
            example=examples.PERSONAL_TOKEN,
        ),
        "scopes": fields.String(
            description="The permissions it holds, space-separated",
            example="widgets:read widgets:write",
        ),
        "expires_at": fields.DateTime(
            dt_format="iso8601", description="When it stops working", example=examples.LATER
        ),
    },
)

"""A personal token as its owner and admins see it (never its secret): shared by /auth/tokens
and /users/<id>/tokens."""

from typing import Any

from flask_restx import Model, fields

from app.api import examples
from app.api.nullable_fields import NullableDateTime, NullableString
from app.models import PersonalToken

personal_token_model = Model(
    "PersonalToken",
    {
        "id": fields.String(description="In /auth/tokens/<id>", example=examples.TOKEN_ID),
        "name": fields.String(description="What its owner called it", example="deploy script"),
        "scopes": fields.String(
            description="The permissions it holds, space-separated", example="widgets:read"
        ),
        "created_at": fields.DateTime(
            dt_format="iso8601", description="When it was made", example=examples.WHEN
        ),
        "expires_at": fields.DateTime(
            dt_format="iso8601",
            description="When it stops working",
            example=examples.LATER,
        ),
        "last_used_at": NullableDateTime(
            dt_format="iso8601",
            description="When it last worked; null: never",
            example="2026-12-01T17:40:12+00:00",
        ),
        "last_used_ip": NullableString(
            description="From which address it last worked; null: never",
            example=examples.IP_ADDRESS,
        ),
    },
)
personal_token_list_model = Model(
    "PersonalTokenList",
    {
        "tokens": fields.List(
            fields.Nested(personal_token_model), description="Every token that still works"
        )
    },
)


def personal_token_body(record: PersonalToken) -> dict[str, Any]:
    """A token as personal_token_model describes it: never its secret."""
    last_used_at = record.last_used_at
    return {
        "id": record.id,
        "name": record.name,
        "scopes": record.scopes,
        "created_at": record.created_at.isoformat(),
        "expires_at": record.expires_at.isoformat(),
        "last_used_at": last_used_at.isoformat() if last_used_at else None,
        "last_used_ip": record.last_used_ip,
    }

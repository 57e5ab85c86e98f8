"""A personal token as its owner and admins see it (never its secret): shared by /auth/tokens
and /users/<id>/tokens."""

from typing import Any

from flask_restx import Model, fields

from app.api.nullable_fields import NullableDateTime, NullableString
from app.models import PersonalToken

personal_token_model = Model(
    "PersonalToken",
    {
        "id": fields.String(description="In /auth/tokens/<id>"),
        "name": fields.String(example="deploy script"),
        "scopes": fields.String(example="widgets:read"),
        "created_at": fields.DateTime(dt_format="iso8601"),
        "expires_at": fields.DateTime(dt_format="iso8601"),
        "last_used_at": NullableDateTime(dt_format="iso8601", description="null: never"),
        "last_used_ip": NullableString(description="null: never"),
    },
)
personal_token_list_model = Model(
    "PersonalTokenList", {"tokens": fields.List(fields.Nested(personal_token_model))}
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

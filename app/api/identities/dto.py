"""The identity and identity list models."""

from typing import Any

from flask_restx import Model, fields

from app.api.nullable_fields import NullableString
from app.models import Identity

identity_model = Model(
    "Identity",
    {
        "id": fields.String(description="In /auth/identities/<id>"),
        "provider": fields.String(example="google"),
        "email": NullableString(description="As the provider last said; null: none"),
        "linked_at": fields.DateTime(dt_format="iso8601"),
    },
)
identity_list_model = Model(
    "IdentityList", {"identities": fields.List(fields.Nested(identity_model))}
)


def identity_body(identity: Identity) -> dict[str, Any]:
    """An identity as identity_model describes it."""
    return {
        "id": identity.id,
        "provider": identity.provider,
        "email": identity.email,
        "linked_at": identity.linked_at.isoformat(),
    }

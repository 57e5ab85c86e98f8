"""The identity and identity list models."""

from typing import Any

from flask_restx import Model, fields

from app.api import examples
from app.api.nullable_fields import NullableString
from app.models import Identity

identity_model = Model(
    "Identity",
    {
        "id": fields.String(description="In /auth/identities/<id>", example=examples.IDENTITY_ID),
        "provider": fields.String(description="The provider's name", example="google"),
        "email": NullableString(
            description="As the provider last said; null: none", example=examples.EMAIL
        ),
        "linked_at": fields.DateTime(
            dt_format="iso8601", description="When it was linked", example=examples.WHEN
        ),
    },
)
identity_list_model = Model(
    "IdentityList",
    {
        "identities": fields.List(
            fields.Nested(identity_model), description="Every provider account linked"
        )
    },
)


def identity_body(identity: Identity) -> dict[str, Any]:
    """An identity as identity_model describes it."""
    return {
        "id": identity.id,
        "provider": identity.provider,
        "email": identity.email,
        "linked_at": identity.linked_at.isoformat(),
    }

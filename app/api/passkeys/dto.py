"""Passkey parsers, and the passkey, list and options models."""

from typing import Any

from flask_restx import Model, fields

from app.api import examples
from app.api.body import body_parser
from app.api.input_fields import credential, display_name
from app.api.nullable_fields import NullableDateTime
from app.api.refresh_transport import add_transport_field
from app.models import Passkey

CREDENTIAL = '{"id": "AbC1...", "type": "public-key", "response": {"clientDataJSON": "..."}}'
NAME = "What you call the passkey, 1 to 100 characters"

register_reqparser = body_parser()
register_reqparser.add_argument(
    "credential",
    type=credential,
    required=True,
    description="PublicKeyCredential.toJSON() of navigator.credentials.create()",
    example=CREDENTIAL,
)
register_reqparser.add_argument(
    "name", type=display_name, default="Passkey", description=NAME, example="laptop"
)

rename_reqparser = body_parser()
rename_reqparser.add_argument(
    "name", type=display_name, required=True, description=NAME, example="work phone"
)

login_reqparser = body_parser()
login_reqparser.add_argument(
    "credential",
    type=credential,
    required=True,
    description="PublicKeyCredential.toJSON() of navigator.credentials.get()",
    example=CREDENTIAL,
)
add_transport_field(login_reqparser)

passkey_model = Model(
    "Passkey",
    {
        "id": fields.String(description="In /auth/passkeys/<id>", example=examples.PASSKEY_ID),
        "name": fields.String(description="What you call it", example="laptop"),
        "created_at": fields.DateTime(
            dt_format="iso8601", description="When it was registered", example=examples.WHEN
        ),
        "last_used_at": NullableDateTime(
            dt_format="iso8601",
            description="When it last signed in; null: never",
            example=examples.WHEN,
        ),
        "backed_up": fields.Boolean(
            description="Synced to other devices by its provider", example=True
        ),
    },
)
passkey_list_model = Model(
    "PasskeyList",
    {"passkeys": fields.List(fields.Nested(passkey_model), description="Every passkey of yours")},
)


def passkey_body(passkey: Passkey) -> dict[str, Any]:
    """A passkey as passkey_model describes it."""
    return {
        "id": passkey.id,
        "name": passkey.name,
        "created_at": passkey.created_at.isoformat(),
        "last_used_at": passkey.last_used_at.isoformat() if passkey.last_used_at else None,
        "backed_up": passkey.backed_up,
    }

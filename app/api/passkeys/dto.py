"""Passkey parsers, and the passkey, list and options models."""

import json
from typing import Any

from flask_restx import Model, fields

from app.api.body import body_parser
from app.api.browser_session import BODY, refresh_transport
from app.api.nullable_fields import NullableDateTime
from app.models import Passkey

MAX_NAME_LENGTH = 100


def credential(value: Any) -> dict[str, Any]:
    """A browser's answer (PublicKeyCredential.toJSON()): a JSON object, or its text in a form."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            value = None
    if not isinstance(value, dict):
        raise ValueError("credential must be the JSON of PublicKeyCredential.toJSON().")
    return value


def passkey_name(value: Any) -> str:
    """What the user calls the passkey, such as "laptop": 1 to 100 characters."""
    if not isinstance(value, str) or not 0 < len(value.strip()) <= MAX_NAME_LENGTH:
        raise ValueError(f"name must be text of 1 to {MAX_NAME_LENGTH} characters.")
    return value.strip()


credential.__schema__ = {"type": "string", "description": "JSON of the credential"}  # type: ignore[attr-defined]
passkey_name.__schema__ = {"type": "string", "maxLength": MAX_NAME_LENGTH}  # type: ignore[attr-defined]

register_reqparser = body_parser()
register_reqparser.add_argument("credential", type=credential, required=True)
register_reqparser.add_argument("name", type=passkey_name, default="Passkey")

rename_reqparser = body_parser()
rename_reqparser.add_argument("name", type=passkey_name, required=True)

login_reqparser = body_parser()
login_reqparser.add_argument("credential", type=credential, required=True)
login_reqparser.add_argument("refresh_transport", type=refresh_transport, default=BODY)

passkey_model = Model(
    "Passkey",
    {
        "id": fields.String(description="In /auth/passkeys/<id>"),
        "name": fields.String(example="laptop"),
        "created_at": fields.DateTime(dt_format="iso8601"),
        "last_used_at": NullableDateTime(dt_format="iso8601", description="null: never"),
        "backed_up": fields.Boolean(description="Synced to other devices by its provider"),
    },
)
passkey_list_model = Model("PasskeyList", {"passkeys": fields.List(fields.Nested(passkey_model))})
# The WebAuthn Level 3 JSON forms (PublicKeyCredential.parseCreationOptionsFromJSON and
# parseRequestOptionsFromJSON take them as they are); byte fields are base64url.
creation_options_model = Model(
    "PublicKeyCredentialCreationOptionsJSON",
    {
        "rp": fields.Raw(example={"name": "Flask JWT API", "id": "example.com"}),
        "user": fields.Raw(description="id (base64url), name and displayName"),
        "challenge": fields.String(description="base64url; answered once, within 5 minutes"),
        "pubKeyCredParams": fields.List(fields.Raw, description="EdDSA, ES256, RS256"),
        "timeout": fields.Integer(description="Milliseconds"),
        "excludeCredentials": fields.List(
            fields.Raw, description="Your passkeys already registered"
        ),
        "authenticatorSelection": fields.Raw(
            example={"residentKey": "preferred", "userVerification": "required"}
        ),
        "attestation": fields.String(example="none"),
    },
)
request_options_model = Model(
    "PublicKeyCredentialRequestOptionsJSON",
    {
        "challenge": fields.String(description="base64url; answered once, within 5 minutes"),
        "timeout": fields.Integer(description="Milliseconds"),
        "rpId": fields.String(example="example.com"),
        "allowCredentials": fields.List(fields.Raw, description="Empty: any passkey of this site"),
        "userVerification": fields.String(example="required"),
    },
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

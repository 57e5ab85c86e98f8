"""The model of a consent: which app, what it may do, since when."""

from typing import Any

from flask_restx import Model, fields

from app.api import examples
from app.models import Consent, OAuthClient

consent_model = Model(
    "Consent",
    {
        "client_id": fields.String(
            description="For DELETE /auth/consents/<client_id>", example=examples.CLIENT_ID
        ),
        "client_name": fields.String(description="The app's name", example="Example app"),
        "scopes": fields.List(
            fields.String, description="What you allowed it", example=["openid", "email"]
        ),
        "granted_at": fields.DateTime(
            dt_format="iso8601", description="When you last allowed it", example=examples.LATER
        ),
    },
)
consent_list_model = Model(
    "ConsentList",
    {"consents": fields.List(fields.Nested(consent_model), description="Newest first")},
)


def consent_body(consent: Consent, client: OAuthClient) -> dict[str, Any]:
    return {
        "client_id": consent.client_id,
        "client_name": client.name,
        "scopes": consent.scopes.split(),
        "granted_at": consent.granted_at.isoformat(),
    }

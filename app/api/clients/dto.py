"""Client parsers and models; a new client's secret is shown once, in new_client_model."""

from typing import Any

from flask_restx import Model, fields

from app.api import examples
from app.api.body import body_parser
from app.models import OAuthClient
from app.security.idp.clients import (
    CLIENT_SCOPES,
    GRANT_TYPES,
    KINDS,
    MAX_URIS,
    ClientRefused,
    checked_name,
    checked_redirect_uris,
    checked_scopes,
    lines_of,
)

URIS_INVALID = f"Send a list of at most {MAX_URIS} URIs."
LIST_INVALID = "Send a list of names (in a form: separated by spaces)."


def _names(value: Any) -> list[str]:
    """A JSON list of text, or in a form the names separated by spaces."""
    if isinstance(value, str):
        value = value.split(" ")
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(LIST_INVALID)
    return [item for item in value if item]


def client_name(value: Any) -> str:
    if not isinstance(value, str):
        raise ClientRefused("name must be text.")
    return checked_name(value)


def redirect_uris(value: Any) -> list[str]:
    """Where the client may be sent back: each exact, checked once here (clients.py)."""
    if not isinstance(value, list) or not all(isinstance(uri, str) for uri in value):
        raise ValueError(URIS_INVALID)
    return checked_redirect_uris(value)


def grant_types(value: Any) -> list[str]:
    """Grant names, checked against the client's type by the business code."""
    names = _names(value)
    if unknown := next((name for name in names if name not in GRANT_TYPES), None):
        raise ValueError(f"Unknown grant type {unknown[:60]!r}.")
    return names


def client_scopes(value: Any) -> list[str]:
    return checked_scopes(_names(value))


def client_kind(value: Any) -> str:
    if value not in KINDS:
        raise ValueError("type must be confidential or public.")
    return str(value)


def yes_or_no(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("first_party must be true or false.")
    return value


_SCHEMAS = {
    client_name: {"type": "string", "maxLength": 100},
    redirect_uris: {"type": "array", "items": {"type": "string", "format": "uri"}},
    grant_types: {"type": "array", "items": {"type": "string", "enum": list(GRANT_TYPES)}},
    client_scopes: {"type": "array", "items": {"type": "string", "enum": list(CLIENT_SCOPES)}},
    client_kind: {"type": "string", "enum": list(KINDS)},
    yes_or_no: {"type": "boolean"},
}
for rule, schema in _SCHEMAS.items():
    rule.__schema__ = schema  # type: ignore[attr-defined]  # how flask-restx documents a type

REDIRECT_EXAMPLE = ["https://app.example.com/callback"]
LOGOUT_EXAMPLE = ["https://app.example.com/signed-out"]
GRANTS_EXAMPLE = ["authorization_code", "refresh_token"]
SCOPES_EXAMPLE = ["openid", "email", "offline_access", "widgets:read"]

create_client_reqparser = body_parser()
change_client_reqparser = body_parser()
for parser, required in ((create_client_reqparser, True), (change_client_reqparser, False)):
    parser.add_argument(
        "name",
        type=client_name,
        required=required,
        description="What people see on the consent page",
        example="Example app",
    )
    parser.add_argument(
        "redirect_uris",
        type=redirect_uris,
        description="Where sign-ins return, matched exactly",
        example=REDIRECT_EXAMPLE,
    )
    parser.add_argument(
        "post_logout_redirect_uris",
        type=redirect_uris,
        description="Where a logout may return, matched exactly",
        example=LOGOUT_EXAMPLE,
    )
    parser.add_argument(
        "grant_types",
        type=grant_types,
        required=required,
        description="The grants it may use (a public client: no client_credentials)",
        example=GRANTS_EXAMPLE,
    )
    parser.add_argument(
        "scopes",
        type=client_scopes,
        required=required,
        description="The scopes it may ask for",
        example=SCOPES_EXAMPLE,
    )
    parser.add_argument(
        "first_party",
        type=yes_or_no,
        description="Ours: people are not asked to consent",
        example=False,
    )
create_client_reqparser.add_argument(
    "type",
    type=client_kind,
    default="confidential",
    description="confidential (has a secret) or public (a browser or mobile app)",
    example="confidential",
)
change_client_reqparser.add_argument(
    "new_secret",
    type=yes_or_no,
    description="true: a new secret replaces the old one, whose tokens end",
    example=False,
)

client_model = Model(
    "Client",
    {
        "client_id": fields.String(
            description="Its OAuth 2.0 client_id", example=examples.CLIENT_ID
        ),
        "name": fields.String(description="What people see", example="Example app"),
        "type": fields.String(
            enum=list(KINDS), description="confidential or public", example="confidential"
        ),
        "redirect_uris": fields.List(
            fields.String, description="Where sign-ins return", example=REDIRECT_EXAMPLE
        ),
        "post_logout_redirect_uris": fields.List(
            fields.String, description="Where a logout may return", example=LOGOUT_EXAMPLE
        ),
        "grant_types": fields.List(
            fields.String(enum=list(GRANT_TYPES)),
            description="The grants it may use",
            example=GRANTS_EXAMPLE,
        ),
        "scopes": fields.List(
            fields.String(enum=list(CLIENT_SCOPES)),
            description="The scopes it may ask for",
            example=SCOPES_EXAMPLE,
        ),
        "first_party": fields.Boolean(description="Skips the consent page", example=False),
        "created_at": fields.DateTime(
            dt_format="iso8601", description="When it was registered", example=examples.LATER
        ),
    },
)
new_client_model = Model(
    "NewClient",
    dict(client_model)
    | {
        "client_secret": fields.String(
            description="Shown this once (confidential clients); only a hash is kept",
            example=examples.CLIENT_SECRET,
        )
    },
)
client_list_model = Model(
    "ClientList",
    {"clients": fields.List(fields.Nested(client_model), description="Every client, by name")},
)


def client_body(client: OAuthClient, secret: str | None = None) -> dict[str, Any]:
    """A client as client_model describes it; with `secret` only when it was just made."""
    body = {
        "client_id": client.client_id,
        "name": client.name,
        "type": client.kind,
        "redirect_uris": lines_of(client.redirect_uris),
        "post_logout_redirect_uris": lines_of(client.post_logout_redirect_uris),
        "grant_types": client.grant_types.split(),
        "scopes": client.scopes.split(),
        "first_party": client.first_party,
        "created_at": client.created_at.isoformat(),
    }
    return body | ({"client_secret": secret} if secret else {})

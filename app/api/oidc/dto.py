"""The exchange parser, and the provider list model."""

from typing import Any

from flask_restx import Model, fields

from app.api.body import body_parser
from app.api.refresh_transport import add_transport_field

MAX_CODE_LENGTH = 100


def one_time_code(value: Any) -> str:
    """The code from the fragment the callback sent the browser to."""
    if not isinstance(value, str) or not 0 < len(value) <= MAX_CODE_LENGTH:
        raise ValueError("code must be the text after #code= in the page's address.")
    return value


one_time_code.__schema__ = {"type": "string", "maxLength": MAX_CODE_LENGTH}  # type: ignore[attr-defined]

exchange_reqparser = body_parser()
exchange_reqparser.add_argument(
    "code",
    type=one_time_code,
    required=True,
    description="The text after #code= in the address the callback sent the browser to",
    example="Jx8vQ2mK9bLz4wR7tY1nP6sD",
)
add_transport_field(exchange_reqparser)

provider_model = Model(
    "OidcProvider",
    {
        "name": fields.String(description="The provider's name in URLs", example="google"),
        "authorize_url": fields.String(
            description="Send the browser here to sign in",
            example="/api/v1/auth/oidc/google/authorize",
        ),
    },
)
provider_list_model = Model(
    "OidcProviderList",
    {
        "providers": fields.List(
            fields.Nested(provider_model), description="Every provider this server trusts"
        )
    },
)

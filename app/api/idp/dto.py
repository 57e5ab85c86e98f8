"""The token endpoint's form fields and its answer."""

from flask_restx import Model, fields

from app.api import examples
from app.api.body import body_parser

client_token_reqparser = body_parser()
client_token_reqparser.add_argument(
    "grant_type",
    choices=("client_credentials",),
    description="client_credentials",
    example="client_credentials",
)
client_token_reqparser.add_argument(
    "scope",
    description="Space-separated scopes among the client's; left out: all it may hold",
    example="widgets:read",
)
client_token_reqparser.add_argument(
    "client_id",
    description="client_secret_post: the client's id (or use HTTP Basic)",
    example=examples.CLIENT_ID,
)
client_token_reqparser.add_argument(
    "client_secret",
    description="client_secret_post: the client's secret (or use HTTP Basic)",
    example=examples.CLIENT_SECRET,
)

own_token_model = Model(
    "ClientToken",
    {
        "access_token": fields.String(
            description="Send as 'Authorization: Bearer <token>'", example=examples.ACCESS_TOKEN
        ),
        "token_type": fields.String(description="Always Bearer", example="Bearer"),
        "expires_in": fields.Integer(description="Seconds the token lives", example=900),
        "scope": fields.String(description="The scopes it holds", example="widgets:read"),
    },
)

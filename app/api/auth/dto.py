"""Request parsers and response models of the auth namespace."""

from typing import Any

from flask_restx import Model, fields

from app.api.body import body_parser
from app.api.browser_session import BODY, refresh_transport
from app.api.input_fields import any_password, email_address, new_password
from app.models.user import Account
from app.security.permissions import ROLES


def token_string(value: Any) -> str:
    """A token as issued: non-empty text."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("refresh_token must be the refresh_token of a token response.")
    return value.strip()


login_reqparser = body_parser()
login_reqparser.add_argument("email", type=email_address, required=True)
login_reqparser.add_argument("password", type=any_password, required=True)
login_reqparser.add_argument("refresh_transport", type=refresh_transport, default=BODY)

register_reqparser = login_reqparser.copy()
register_reqparser.replace_argument("password", type=new_password, required=True)

refresh_reqparser = body_parser()
refresh_reqparser.add_argument("refresh_token", type=token_string)  # absent: the cookie
refresh_reqparser.add_argument("refresh_transport", type=refresh_transport, default=BODY)

logout_reqparser = body_parser()
logout_reqparser.add_argument("refresh_token", type=token_string)  # optional: ends its login too

delete_account_reqparser = body_parser()
delete_account_reqparser.add_argument("password", type=any_password, required=True)

user_model = Model(
    "User",
    {
        "email": fields.String(example="ada@example.com"),
        "public_id": fields.String(description="The user's id in tokens (the 'sub' claim)"),
        "admin": fields.Boolean(description="True when admin is one of the roles"),
        "roles": fields.List(fields.String(enum=list(ROLES))),
        "email_verified": fields.Boolean,
        "registered_on": fields.DateTime(dt_format="iso8601"),
        "token_expires_in": fields.String(example="00:14:59"),
    },
)


def user_body(account: Account, token_expires_in: str) -> dict[str, Any]:
    """The caller as user_model describes it, built directly: GET /auth/user is a hot path."""
    return {
        "email": account.email,
        "public_id": account.public_id,
        "admin": account.admin,
        "roles": account.roles.split(","),
        "email_verified": account.email_verified,
        "registered_on": account.registered_on.isoformat(),
        "token_expires_in": token_expires_in,
    }

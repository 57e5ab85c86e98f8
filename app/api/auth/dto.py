"""Request parsers and response models of the auth namespace."""

from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_restx import Model, fields

from app.api.body import body_parser
from app.models.user import BCRYPT_MAX_BYTES, Account


def email_address(value: Any) -> str:
    """A syntactically valid address, stripped and in lower case (one account per address)."""
    if not isinstance(value, str):
        raise ValueError("Email must be a string, such as ada@example.com.")
    try:
        address = validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ValueError(f"{error} Example: ada@example.com.") from None
    return address.lower()


def new_password(value: Any) -> str:
    """A password that meets the policy: PASSWORD_MIN_LENGTH characters, bcrypt's byte limit."""
    min_length = current_app.config["PASSWORD_MIN_LENGTH"]
    if not isinstance(value, str) or not value.strip():
        raise ValueError("Password must be text, not empty or only white space.")
    if len(value) < min_length:
        raise ValueError(f"Password must be at least {min_length} characters long.")
    if len(value.encode()) > BCRYPT_MAX_BYTES:  # bcrypt ignores the rest; refuse, never cut
        raise ValueError(f"Password must be at most {BCRYPT_MAX_BYTES} bytes in UTF-8.")
    return value


def token_string(value: Any) -> str:
    """A token as issued: non-empty text."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("refresh_token must be the refresh_token of a token response.")
    return value.strip()


def any_password(value: Any) -> str:
    """A password to check at login: any non-empty text (the policy may have changed since)."""
    if not isinstance(value, str) or not value:
        raise ValueError("Password must be non-empty text.")
    return value


email_address.__schema__ = {"type": "string", "format": "email"}  # type: ignore[attr-defined]
new_password.__schema__ = {"type": "string", "format": "password"}  # type: ignore[attr-defined]
any_password.__schema__ = {"type": "string", "format": "password"}  # type: ignore[attr-defined]

login_reqparser = body_parser()
login_reqparser.add_argument("email", type=email_address, required=True)
login_reqparser.add_argument("password", type=any_password, required=True)

register_reqparser = login_reqparser.copy()
register_reqparser.replace_argument("password", type=new_password, required=True)

refresh_reqparser = body_parser()
refresh_reqparser.add_argument("refresh_token", type=token_string, required=True)

logout_reqparser = body_parser()
logout_reqparser.add_argument("refresh_token", type=token_string)  # optional: ends its login too

token_model = Model(
    "TokenResponse",
    {
        "status": fields.String(example="success"),
        "message": fields.String(example="successfully logged in"),
        "access_token": fields.String(description="Send as 'Authorization: Bearer <token>'"),
        "token_type": fields.String(example="bearer"),
        "expires_in": fields.Integer(description="Seconds until the access token expires"),
        "refresh_token": fields.String(description="Send to /auth/refresh for a new pair"),
    },
)

user_model = Model(
    "User",
    {
        "email": fields.String(example="ada@example.com"),
        "public_id": fields.String(description="The user's id in tokens (the 'sub' claim)"),
        "admin": fields.Boolean,
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
        "email_verified": account.email_verified,
        "registered_on": account.registered_on.isoformat(),
        "token_expires_in": token_expires_in,
    }

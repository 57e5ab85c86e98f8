"""Request parsers and response models of the auth namespace."""

from typing import Any

from flask import current_app
from flask_restx import Model, fields

from app.accounts.sessions import IssuedTokens
from app.api import examples
from app.api.body import body_parser
from app.api.input_fields import any_password, email_address, new_password
from app.api.refresh_transport import add_transport_field
from app.models.user import Account
from app.security.permissions import ROLES

REFRESH_TOKEN_INVALID = "refresh_token must be the refresh_token of a token response."

MAX_TOKEN_LENGTH = 200


def invitation_token(value: Any) -> str:
    """An invitation's token as emailed: non-empty text, at most MAX_TOKEN_LENGTH characters."""
    if not isinstance(value, str) or not 0 < len(value.strip()) <= MAX_TOKEN_LENGTH:
        raise ValueError(
            f"Send the token of your invitation, at most {MAX_TOKEN_LENGTH} characters."
        )
    return value.strip()


invitation_token.__schema__ = {  # type: ignore[attr-defined]
    "type": "string",
    "maxLength": MAX_TOKEN_LENGTH,
    "description": "The token of your invitation: needed when REGISTRATION=invite",
}


def token_string(value: Any) -> str:
    """A token as issued: non-empty text."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(REFRESH_TOKEN_INVALID)
    return value.strip()


login_reqparser = body_parser()
login_reqparser.add_argument(
    "email",
    type=email_address,
    required=True,
    description="The account's address",
    example=examples.EMAIL,
)
login_reqparser.add_argument(
    "password",
    type=any_password,
    required=True,
    description="The account's password",
    example=examples.PASSWORD,
)
add_transport_field(login_reqparser)

register_reqparser = login_reqparser.copy()
register_reqparser.replace_argument(
    "email",
    type=email_address,
    required=True,
    description="Your address; we send it a verification link",
    example=examples.EMAIL,
)
register_reqparser.replace_argument(
    "password",
    type=new_password,
    required=True,
    description="A new password (the password rules apply)",
    example=examples.PASSWORD,
)
register_reqparser.add_argument(
    "invitation",
    type=invitation_token,
    description="The token of your invitation: needed when REGISTRATION=invite",
    example="Q2x9mK4vL7tR1yN8pS3dF6gHj0aZ5cB2eW7uI4oP1qE",
)

refresh_reqparser = body_parser()
refresh_reqparser.add_argument(
    "refresh_token",
    type=token_string,
    description="The refresh_token of your last token response; left out, the refresh cookie",
    example=examples.REFRESH_TOKEN,
)
add_transport_field(refresh_reqparser)

logout_reqparser = body_parser()
logout_reqparser.add_argument(
    "refresh_token",
    type=token_string,
    description="Optional: the refresh token of this login, which ends with it",
    example=examples.REFRESH_TOKEN,
)

delete_account_reqparser = body_parser()
delete_account_reqparser.add_argument(
    "password",
    type=any_password,
    required=True,
    description="Your password, to confirm",
    example=examples.PASSWORD,
)

user_model = Model(
    "User",
    {
        "email": fields.String(description="The account's address", example=examples.EMAIL),
        "public_id": fields.String(
            description="The user's id in tokens (the 'sub' claim)", example=examples.USER_ID
        ),
        "admin": fields.Boolean(description="True when admin is one of the roles", example=False),
        "roles": fields.List(
            fields.String(enum=list(ROLES)), description="What the user may do", example=["user"]
        ),
        "email_verified": fields.Boolean(
            description="Whether the address is proven (POST /auth/verify-email)", example=True
        ),
        "registered_on": fields.DateTime(
            dt_format="iso8601", description="When the account was made", example=examples.WHEN
        ),
        "token_expires_in": fields.String(
            description="How long this access token stays valid, as H:MM:SS", example="00:14:59"
        ),
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


# OAuth 2.0 (RFC 6749, 7009, 7662): form fields in, their own shapes out, no envelope.
GRANT_TYPES = ("password", "refresh_token")

oauth_token_reqparser = body_parser()
oauth_token_reqparser.add_argument(
    "grant_type",
    choices=GRANT_TYPES,
    description="password (log in) or refresh_token (a new pair)",
    example="password",
)
oauth_token_reqparser.add_argument(
    "username", description="password grant: the email address", example=examples.EMAIL
)
oauth_token_reqparser.add_argument(
    "password", description="password grant: the password", example=examples.PASSWORD
)
oauth_token_reqparser.add_argument(
    "refresh_token",
    description="refresh_token grant: the refresh_token of the last answer",
    example=examples.REFRESH_TOKEN,
)
oauth_token_reqparser.add_argument(
    "scope",
    description="Space-separated permissions the tokens hold; left out: all of yours",
    example="widgets:read",
)

TOKEN_HINT = "Optional: access_token or refresh_token, which is looked at first"
oauth_revoke_reqparser = body_parser()
oauth_revoke_reqparser.add_argument(
    "token",
    required=True,
    description="An access, refresh or personal token of yours",
    example=examples.REFRESH_TOKEN,
)
oauth_revoke_reqparser.add_argument(
    "token_type_hint", description=TOKEN_HINT, example="refresh_token"
)

oauth_introspect_reqparser = body_parser()
oauth_introspect_reqparser.add_argument(
    "token",
    required=True,
    description="The access, refresh or personal token to look at",
    example=examples.ACCESS_TOKEN,
)

oauth_token_model = Model(
    "OAuthToken",
    {
        "access_token": fields.String(
            description="Send as 'Authorization: Bearer <token>'", example=examples.ACCESS_TOKEN
        ),
        "token_type": fields.String(description="Always Bearer", example="Bearer"),
        "expires_in": fields.Integer(description="Seconds the access token lives", example=900),
        "refresh_token": fields.String(
            description="For grant_type=refresh_token; it works once",
            example=examples.REFRESH_TOKEN,
        ),
        "scope": fields.String(
            description="The permissions the tokens hold, space-separated",
            example="widgets:read",
        ),
    },
)
oauth_mfa_model = Model(
    "OAuthMfaRequired",
    {
        "error": fields.String(
            description="mfa_required: a second step is due", example="mfa_required"
        ),
        "error_description": fields.String(
            description="What to do next, for a person",
            example="Enter the code from your authenticator app.",
        ),
        "mfa_token": fields.String(
            description="For POST /auth/login/mfa, within 5 minutes", example=examples.MFA_TOKEN
        ),
        "methods": fields.List(
            fields.String,
            description="The second steps this account may take",
            example=["totp", "recovery_code"],
        ),
    },
)
introspection_model = Model(
    "Introspection",
    {
        "active": fields.Boolean(
            description="Whether the token works now; false: nothing else is said",
            example=True,
        ),
        "sub": fields.String(
            description="Whose it is (public_id; a client's own: its client_id); only when active",
            example=examples.USER_ID,
        ),
        "client_id": fields.String(
            description="The client it was issued to, if any", example=examples.CLIENT_ID
        ),
        "scope": fields.String(
            description="The permissions it holds, space-separated",
            example="widgets:read widgets:write",
        ),
        "exp": fields.Integer(description="When it expires, in Unix seconds", example=1796204100),
        "token_type": fields.String(description="Always Bearer", example="Bearer"),
    },
)


def oauth_token_body(issued: IssuedTokens) -> dict[str, Any]:
    """RFC 6749, section 5.1."""
    return {
        "access_token": issued.access_token,
        "token_type": "Bearer",
        "expires_in": current_app.config["ACCESS_TOKEN_EXPIRE_SECONDS"],
        "refresh_token": issued.refresh_token,
        "scope": issued.scope,
    }

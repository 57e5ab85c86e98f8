"""The provider's form fields and answers."""

from flask_restx import Model, fields
from flask_restx.reqparse import RequestParser

from app.api import examples
from app.api.body import DocumentedArgument, body_parser
from app.security.idp.clients import GRANT_TYPES

DEVICE_CODE_EXAMPLE = "GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS"
ID_TOKEN = (
    "eyJhbGciOiJSUzI1NiIsImtpZCI6IkJ2eVNpSjlMQzdGUmZkU1NTTHRvb0QifQ."
    "eyJpc3MiOiJodHRwczovL2FwaS5leGFtcGxlLmNvbSIsInN1YiI6IjlmMmM0In0.c2lnbmF0dXJl"
)

client_token_reqparser = body_parser()
for name, description, example in (
    ("grant_type", "One of the grants the client is registered for", "authorization_code"),
    ("code", "authorization_code: the code the redirect carried", "Qm9vdHN0cmFwcGluZy1jb2Rl"),
    ("redirect_uri", "authorization_code: as sent to /oauth/authorize", "https://app.example.com/cb"),
    ("code_verifier", "authorization_code: the PKCE verifier", examples.CODE_VERIFIER),
    ("refresh_token", "refresh_token: the newest refresh token", examples.REFRESH_TOKEN),
    ("device_code", "device_code: as /oauth/device_authorization gave it", DEVICE_CODE_EXAMPLE),
    ("scope", "Space-separated scopes among those the client may ask for", "widgets:read"),
    ("client_id", "client_secret_post, or a public client: its id", examples.CLIENT_ID),
    ("client_secret", "client_secret_post: its secret (or HTTP Basic)", examples.CLIENT_SECRET),
):  # fmt: skip
    client_token_reqparser.add_argument(name, description=description, example=example)
client_token_reqparser.replace_argument(
    "grant_type",
    choices=GRANT_TYPES,
    description="One of the grants the client is registered for",
    example="authorization_code",
)

device_authorization_reqparser = body_parser()
for name, description, example in (
    ("scope", "Space-separated scopes among those the client is registered for", "openid email"),
    ("client_id", "client_secret_post, or a public client: its id", examples.CLIENT_ID),
    ("client_secret", "client_secret_post: its secret (or HTTP Basic)", examples.CLIENT_SECRET),
):  # fmt: skip
    device_authorization_reqparser.add_argument(name, description=description, example=example)

device_authorization_model = Model(
    "DeviceAuthorization",
    {
        "device_code": fields.String(
            description="Poll /oauth/token with it (grant_type device_code)",
            example=DEVICE_CODE_EXAMPLE,
        ),
        "user_code": fields.String(description="Show it to the person", example="WDJB-MJHT"),
        "verification_uri": fields.String(
            description="Where the person enters the user code",
            example="https://api.example.com/device",
        ),
        "verification_uri_complete": fields.String(
            description="The same with the user code filled in (for a QR code)",
            example="https://api.example.com/device?user_code=WDJB-MJHT",
        ),
        "expires_in": fields.Integer(description="Seconds both codes live", example=600),
        "interval": fields.Integer(description="Seconds to wait between polls", example=5),
    },
)

authorize_parser = RequestParser(argument_class=DocumentedArgument)
for name, description, example in (
    ("response_type", "code: the only flow", "code"),
    ("client_id", "The client's id", examples.CLIENT_ID),
    ("redirect_uri", "A registered redirect URI, exactly", "https://app.example.com/cb"),
    ("scope", "Space-separated: openid, profile, email, offline_access…", "openid email"),
    ("state", "Sent back as it came", "af0ifjsldkj"),
    ("nonce", "Put into the ID token", "n-0S6_WzA2Mj"),
    ("code_challenge", "PKCE: BASE64URL(SHA256(code_verifier))", examples.CODE_CHALLENGE),
    ("code_challenge_method", "S256, always", "S256"),
    ("prompt", "none, login or consent", "login"),
    ("max_age", "Seconds since the last sign-in, at most", "3600"),
    ("login_hint", "The email to fill in", examples.EMAIL),
):  # fmt: skip
    authorize_parser.add_argument(name, location="args", description=description, example=example)

logout_parser = RequestParser(argument_class=DocumentedArgument)
for name, description, example in (
    ("id_token_hint", "An ID token we issued the client (expired is fine)", ID_TOKEN),
    ("client_id", "The client, when no id_token_hint is sent", examples.CLIENT_ID),
    ("post_logout_redirect_uri", "Registered by the client, exactly", "https://app.example.com/bye"),
    ("state", "Sent back as it came", "af0ifjsldkj"),
):  # fmt: skip
    logout_parser.add_argument(name, location="args", description=description, example=example)

provider_token_model = Model(
    "ProviderToken",
    {
        "access_token": fields.String(
            description="Send as 'Authorization: Bearer <token>'", example=examples.ACCESS_TOKEN
        ),
        "token_type": fields.String(description="Always Bearer", example="Bearer"),
        "expires_in": fields.Integer(description="Seconds the access token lives", example=900),
        "scope": fields.String(
            description="The scopes granted", example="openid email widgets:read"
        ),
        "refresh_token": fields.String(
            description="With offline_access: for grant_type=refresh_token; it works once",
            example=examples.REFRESH_TOKEN,
        ),
        "id_token": fields.String(
            description="With openid: who signed in, when and how (OpenID Connect)",
            example=ID_TOKEN,
        ),
    },
)

userinfo_model = Model(
    "UserInfo",
    {
        "sub": fields.String(
            description="The person's stable id (public_id)", example=examples.USER_ID
        ),
        "email": fields.String(description="With scope email", example=examples.EMAIL),
        "email_verified": fields.Boolean(description="With scope email", example=True),
        "name": fields.String(
            description="With scope profile: the address", example=examples.EMAIL
        ),
    },
)

"""The error answer of RFC 6749, section 5.2, as the API documents show it: shared by the
password grant's endpoints and the identity provider's."""

from http import HTTPStatus

from flask_restx import Model, fields

from app.api.errors import CLIENT_AUTH_FAILED

ERROR_CODE = "The RFC 6749 error code"

oauth_error_model = Model(
    "OAuthError",
    {
        "error": fields.String(description=ERROR_CODE, example="invalid_grant"),
        "error_description": fields.String(
            description="A sentence for a person", example="Email or password does not match."
        ),
    },
)


def invalid(error: str, description: str) -> tuple[int, str, Model, dict[str, str]]:
    """A 400 of RFC 6749, section 5.2, shown with the body it sends."""
    body = {"error": error, "error_description": description}
    return int(HTTPStatus.BAD_REQUEST), "RFC 6749, section 5.2.", oauth_error_model, body


CLIENT_REFUSED = (
    int(HTTPStatus.UNAUTHORIZED),
    "invalid_client: unknown client or wrong secret, alike; WWW-Authenticate: Basic.",
    oauth_error_model,
    {"error": "invalid_client", "error_description": CLIENT_AUTH_FAILED},
)

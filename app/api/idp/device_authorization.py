"""POST /oauth/device_authorization's protocol (RFC 8628, 3.1, 3.2) on Authlib's endpoint: a
client registered for the device grant gets a device code (only its SHA-256 kept), a user code
and where a person enters it; the grant it then polls with is device_grant.py."""

from datetime import timedelta
from typing import Any

from authlib.oauth2.rfc6749.errors import UnauthorizedClientError
from authlib.oauth2.rfc8628 import DeviceAuthorizationEndpoint

from app import db
from app.api.idp.grants import ALL_METHODS, check_person_scopes
from app.api.public_url import absolute_url
from app.models import DeviceCode
from app.security.digests import secret_digest
from app.security.idp.clients import DEVICE_CODE
from app.security.idp.user_codes import new_user_code, normalised, shown
from app.util.datetime_util import utc_now

DEVICE_CODE_LIFETIME = timedelta(seconds=600)
POLL_INTERVAL = 5  # seconds (RFC 8628, 3.2: the default)
NO_GRANT = "This client may not use the device_code grant."


class DeviceAuthorization(DeviceAuthorizationEndpoint):  # type: ignore[misc]
    """POST /oauth/device_authorization: a client registered for the grant, authenticated as at
    the token endpoint, gets a device code, a user code and where to enter it."""

    CLIENT_AUTH_METHODS = ALL_METHODS
    EXPIRES_IN = int(DEVICE_CODE_LIFETIME.total_seconds())
    INTERVAL = POLL_INTERVAL

    def authenticate_client(self, request: Any) -> Any:
        """The client, once it proved itself, is registered for the grant and asks for scopes
        it may (as an authorization request would)."""
        client = super().authenticate_client(request)
        if not client.check_grant_type(DEVICE_CODE):
            raise UnauthorizedClientError(NO_GRANT)
        check_person_scopes(client, request.payload.scope)
        return client

    def get_verification_uri(self) -> str:
        """/device under PUBLIC_URL, never the request's host."""
        return absolute_url("hosted.device_form")

    def generate_user_code(self) -> str:
        """A user code no stored device code has (the unique index settles a race)."""
        user_code = new_user_code()
        while DeviceCode.user_code_taken(user_code):
            user_code = new_user_code()
        return shown(user_code)

    def save_device_credential(self, client_id: str, scope: str, data: dict[str, Any]) -> None:
        user_code = normalised(data["user_code"])
        assert user_code is not None  # made by generate_user_code
        db.session.add(
            DeviceCode(
                code_hash=secret_digest(data["device_code"]),
                user_code=user_code,
                client_id=client_id,
                scope=" ".join(dict.fromkeys(scope.split())),
                expires_at=utc_now() + DEVICE_CODE_LIFETIME,
            )
        )
        db.session.commit()

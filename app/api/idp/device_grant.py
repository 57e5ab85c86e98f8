"""The device grant at the token endpoint (RFC 8628, 3.4, 3.5) on Authlib's: the device polls
with its device code until the person entered the user code on /device and decided
(app/hosted/device_views.py); once allowed, it is exchanged once, as an authorization code is."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from authlib.oauth2.rfc6749.errors import (
    InvalidGrantError,
    InvalidRequestError,
    UnauthorizedClientError,
)
from authlib.oauth2.rfc8628 import DeviceCodeGrant

from app import db
from app.api.idp.device_authorization import NO_GRANT, POLL_INTERVAL
from app.api.idp.grants import ALL_METHODS, GrantSignIn, granted_session_tokens, with_id_token
from app.models import DeviceCode, LoginSession, User
from app.security.digests import secret_digest
from app.util.datetime_util import utc_now

UNKNOWN = "The device_code is invalid, spent or not this client's."


@dataclass(frozen=True)
class StoredDevice:
    """A stored device code as Authlib's grant asks about it."""

    row: DeviceCode

    def get_client_id(self) -> str:
        return self.row.client_id

    def get_scope(self) -> str:
        return self.row.scope

    def get_user_code(self) -> str:
        return self.row.user_code

    def is_expired(self) -> bool:
        return self.row.expires_at <= utc_now()


@dataclass(frozen=True)
class DeviceGrantor:
    """Who allowed a device code and how they had signed in: what its tokens say."""

    user: User
    row: DeviceCode
    signed_in: GrantSignIn


class DeviceGrant(DeviceCodeGrant):  # type: ignore[misc]
    """urn:ietf:params:oauth:grant-type:device_code (RFC 8628, 3.4): authorization_pending until
    the person decides, slow_down when polled within the interval, expired_token after ten
    minutes, access_denied when denied; once allowed, exchanged once, like a code."""

    TOKEN_ENDPOINT_AUTH_METHODS = ALL_METHODS

    def validate_token_request(self) -> None:
        """Authlib's checks, but another client's device code, or a spent one, is
        invalid_grant (RFC 6749, 5.2), never a hint that it exists."""
        device_code = self.request.payload.data.get("device_code")
        if not device_code:
            raise InvalidRequestError("Send the device_code.")
        client = self.authenticate_token_endpoint_client()
        if not client.check_grant_type(self.GRANT_TYPE):
            raise UnauthorizedClientError(NO_GRANT)
        row = DeviceCode.find(secret_digest(device_code), client.client_id)
        if row is None or row.used_at is not None:
            raise InvalidGrantError(UNKNOWN)
        self.request.client, self.request.credential = client, StoredDevice(row)
        approved: DeviceGrantor = self.validate_device_credential(self.request.credential)
        if DeviceCode.spend(row.code_hash, utc_now()) is None:  # of two racing polls, one wins
            raise InvalidGrantError(UNKNOWN)
        self.request.user = approved

    def query_user_grant(self, user_code: str) -> tuple[DeviceGrantor | None, bool] | None:
        """The person's decision on the polled code (its `user_code`): None while undecided."""
        row: DeviceCode = self.request.credential.row
        if row.denied:
            return None, False
        approval = row.approval()
        if approval is None:
            return None
        user = db.session.get(User, approval.user_id)
        if user is None or user.disabled or not LoginSession.not_ended(approval.signed_in_session):
            raise InvalidGrantError(UNKNOWN)  # gone, disabled, or signed out since
        signed_in = GrantSignIn(approval.auth_time, approval.amr, approval.signed_in_session)
        return DeviceGrantor(user, row, signed_in), True

    def should_slow_down(self, credential: StoredDevice) -> bool:
        """Polled again within the interval (RFC 8628, 3.5); each poll counts, committed now,
        since the answer is an error whatever it is."""
        now, row = utc_now(), credential.row
        too_soon = row.last_polled_at is not None and (
            now - row.last_polled_at < timedelta(seconds=POLL_INTERVAL)
        )
        row.last_polled_at = now
        db.session.commit()
        return too_soon

    def create_token_response(self) -> tuple[int, dict[str, Any], Any]:
        """Authlib's answer, with an ID token when openid was granted (as for a code)."""
        status, token, headers = super().create_token_response()
        approved: DeviceGrantor = self.request.user
        token = with_id_token(
            token, approved.user, approved.row.client_id, approved.signed_in, nonce=None
        )
        return status, token, headers


def device_tokens(
    *, client: Any, user: DeviceGrantor, scope: str, include_refresh_token: bool, **_: Any
) -> dict[str, Any]:
    """The token generator of the grant: the session granted to the client (as for a code)."""
    body, user.row.session_id = granted_session_tokens(
        user.user,
        client.client_id,
        scope,
        user.signed_in,
        include_refresh_token=include_refresh_token,
    )
    return body

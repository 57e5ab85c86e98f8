"""POST /oauth/device_authorization (RFC 8628, 3.1): where a device without a browser asks for
a user code to show; it joins idp_ns, and Authlib's endpoint (device_authorization.py) answers."""

from http import HTTPStatus
from typing import Any

from flask import Response
from flask_restx import Resource

from app.api.idp.device_authorization import NO_GRANT
from app.api.idp.dto import device_authorization_model, device_authorization_reqparser
from app.api.idp.endpoints import ONE_WAY_ONLY, described, idp_ns, refused_form
from app.api.idp.server import authorization_server
from app.api.limits import TOO_MANY, rate_limit
from app.api.oauth_errors import CLIENT_REFUSED, invalid

idp_ns.add_model(device_authorization_model.name, device_authorization_model)


@idp_ns.route("/device_authorization", endpoint="idp_device_authorization")
class DeviceAuthorizationRequest(Resource):
    """Codes for a device without a browser (RFC 8628)."""

    @idp_ns.expect(device_authorization_reqparser)
    @idp_ns.response(int(HTTPStatus.OK), "RFC 8628, section 3.2.", device_authorization_model)
    @idp_ns.response(*invalid("unauthorized_client", NO_GRANT))
    @idp_ns.response(*invalid("invalid_request", ONE_WAY_ONLY))
    @idp_ns.response(*CLIENT_REFUSED)
    @idp_ns.response(*TOO_MANY)
    @rate_limit("RATELIMIT_DEVICE_AUTHORIZATION")
    def post(self) -> Response | tuple[dict[str, Any], int, dict[str, str]]:
        """Start signing a person in on a device: a user code to show them.

        A client registered for the device_code grant, authenticated as at /oauth/token (a
        public client with its client_id alone), asks for scopes it is registered for. The
        person enters user_code at verification_uri (or opens verification_uri_complete),
        signs in and decides; meanwhile the device polls /oauth/token with the device_code,
        at most every interval seconds, for ten minutes. Errors follow RFC 6749, section 5.2.
        """
        return refused_form() or described(
            authorization_server().create_endpoint_response("device_authorization")
        )

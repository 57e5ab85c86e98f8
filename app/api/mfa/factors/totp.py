"""The routes of the authenticator app (TOTP): turn it on in two steps, or off."""

from http import HTTPStatus

from flask import Response
from flask_restx import Resource

from app.accounts import two_factor
from app.accounts.factors.totp import AUTHENTICATOR_APP
from app.accounts.sensitive import Operation
from app.api.auth.decorator import current_user, sensitive
from app.api.errors import VALIDATION_ERROR_RESPONSE, error_model
from app.api.limits import TOO_MANY, rate_limit
from app.api.mfa import business
from app.api.mfa.dto import (
    code_reqparser,
    enrolment_model,
    qr_svg,
    recovery_codes_model,
    turn_off_reqparser,
)
from app.api.mfa.namespace import mfa_ns
from app.api.request_origin import request_origin

ALREADY_ON = (int(HTTPStatus.CONFLICT), AUTHENTICATOR_APP.already_on, error_model)
LAST_FACTOR = (int(HTTPStatus.CONFLICT), two_factor.LAST_FACTOR, error_model)


@mfa_ns.route("/mfa/totp", endpoint="mfa_totp")
class TotpFactor(Resource):
    """Your authenticator app."""

    @mfa_ns.response(int(HTTPStatus.OK), "Scan it; not on until confirmed.", enrolment_model)
    @mfa_ns.response(*ALREADY_ON)
    @sensitive(Operation.FACTOR_ENROLMENT)
    def post(self) -> tuple[dict[str, str], HTTPStatus]:
        """Start turning two-factor on: a new secret, as text, URI and QR code."""
        enrolment = business.start_enrolment(current_user(), AUTHENTICATOR_APP, request_origin())
        return enrolment | {"qr_svg": qr_svg(enrolment["otpauth_uri"])}, HTTPStatus.OK

    @mfa_ns.expect(turn_off_reqparser)
    @mfa_ns.response(
        int(HTTPStatus.NO_CONTENT), "The app is off; two-factor too, if it was the last."
    )
    @mfa_ns.response(*VALIDATION_ERROR_RESPONSE)
    @mfa_ns.response(*LAST_FACTOR)
    @mfa_ns.response(*TOO_MANY)
    @sensitive(Operation.FACTOR_REMOVAL)
    @rate_limit("RATELIMIT_PASSWORD_CHANGE")
    def delete(self) -> Response:
        """Turn the authenticator app off, with your password and a code."""
        args = turn_off_reqparser.parse_args()
        user, origin = current_user(), request_origin()
        business.turn_off_with_code(user, AUTHENTICATOR_APP, args.password, args.code, origin)
        return Response(status=HTTPStatus.NO_CONTENT)


@mfa_ns.route("/mfa/totp/confirm", endpoint="mfa_totp_confirm")
class TotpConfirm(Resource):
    """Proof that your app has the secret."""

    @mfa_ns.expect(code_reqparser)
    @mfa_ns.response(int(HTTPStatus.OK), "Two-factor is on; keep these.", recovery_codes_model)
    @mfa_ns.response(*VALIDATION_ERROR_RESPONSE)
    @sensitive(Operation.FACTOR_CONFIRMATION)
    def post(self) -> tuple[dict[str, list[str]], HTTPStatus]:
        """Turn two-factor on with a code from the app; answers ten recovery codes, once (none
        when another factor was on already)."""
        code = code_reqparser.parse_args().code
        origin = request_origin()
        codes = business.confirm_enrolment(current_user(), AUTHENTICATOR_APP, code, origin)
        return {"recovery_codes": codes}, HTTPStatus.OK

"""The routes of the authenticator app (TOTP): turn it on in two steps, or off."""

from http import HTTPStatus

from flask import Response
from flask_restx import Resource

from app.accounts import two_factor
from app.accounts.factors.totp import AUTHENTICATOR_APP
from app.accounts.reauthentication import CODE_INVALID
from app.accounts.sensitive import Operation
from app.api.auth.decorator import current_user, sensitive
from app.api.errors import error_response, invalid_input
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

ALREADY_ON = error_response(
    HTTPStatus.CONFLICT, "The app is on already.", AUTHENTICATOR_APP.already_on
)
LAST_FACTOR = error_response(
    HTTPStatus.CONFLICT, "An admin's last second factor.", two_factor.LAST_FACTOR
)


@mfa_ns.route("/mfa/totp", endpoint="mfa_totp")
class TotpFactor(Resource):
    """Your authenticator app."""

    @mfa_ns.response(int(HTTPStatus.OK), "Scan it; not on until confirmed.", enrolment_model)
    @mfa_ns.response(*ALREADY_ON)
    @sensitive(Operation.FACTOR_ENROLMENT)
    def post(self) -> tuple[dict[str, str], HTTPStatus]:
        """Start turning on an authenticator app as a second factor.

        A full session's access token from a recent sign-in (step-up). The answer is a new
        secret, as text, otpauth URI and QR code; it is not on until a code from the app
        reaches POST /auth/mfa/totp/confirm.
        """
        enrolment = business.start_enrolment(current_user(), AUTHENTICATOR_APP, request_origin())
        return enrolment | {"qr_svg": qr_svg(enrolment["otpauth_uri"])}, HTTPStatus.OK

    @mfa_ns.expect(turn_off_reqparser)
    @mfa_ns.response(
        int(HTTPStatus.NO_CONTENT), "The app is off; two-factor too, if it was the last."
    )
    @mfa_ns.response(*invalid_input("code", CODE_INVALID))
    @mfa_ns.response(*LAST_FACTOR)
    @mfa_ns.response(*TOO_MANY)
    @sensitive(Operation.FACTOR_REMOVAL)
    @rate_limit("RATELIMIT_PASSWORD_CHANGE")
    def delete(self) -> Response:
        """Turn the authenticator app off, with your password and a code.

        A full session's access token from a recent sign-in (step-up). When it was your last
        second factor, two-factor goes off too; an admin must keep one.
        """
        args = turn_off_reqparser.parse_args()
        user, origin = current_user(), request_origin()
        business.turn_off_with_code(user, AUTHENTICATOR_APP, args.password, args.code, origin)
        return Response(status=HTTPStatus.NO_CONTENT)


@mfa_ns.route("/mfa/totp/confirm", endpoint="mfa_totp_confirm")
class TotpConfirm(Resource):
    """Proof that your app has the secret."""

    @mfa_ns.expect(code_reqparser)
    @mfa_ns.response(int(HTTPStatus.OK), "Two-factor is on; keep these.", recovery_codes_model)
    @mfa_ns.response(*invalid_input("code", CODE_INVALID))
    @sensitive(Operation.FACTOR_CONFIRMATION)
    def post(self) -> tuple[dict[str, list[str]], HTTPStatus]:
        """Turn the authenticator app on with a code from it.

        A full session's access token from a recent sign-in (step-up). When it is your first
        second factor, the answer holds ten recovery codes, shown this once; otherwise none.
        """
        code = code_reqparser.parse_args().code
        origin = request_origin()
        codes = business.confirm_enrolment(current_user(), AUTHENTICATOR_APP, code, origin)
        return {"recovery_codes": codes}, HTTPStatus.OK

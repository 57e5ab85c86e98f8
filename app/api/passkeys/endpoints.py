"""passkeys_ns: passkeys, under /api/v1/auth/passkeys."""

from http import HTTPStatus
from typing import Any

from flask import Response
from flask_restx import Resource

from app.accounts.sensitive import Operation
from app.accounts.ways_in import LAST_WAY_IN
from app.api import examples
from app.api.auth.decorator import account_token_required, current_user, sensitive
from app.api.errors import error_model, error_response, invalid_input
from app.api.input_fields import CREDENTIAL_INVALID, NAME_INVALID
from app.api.limits import TOO_MANY, rate_limit
from app.api.passkeys import business
from app.api.passkeys.dto import (
    login_reqparser,
    passkey_body,
    passkey_list_model,
    passkey_model,
    register_reqparser,
    rename_reqparser,
)
from app.api.readable_swagger import DocumentedNamespace
from app.api.refresh_transport import requested_transport
from app.api.request_origin import request_origin
from app.api.responses import sign_in_response, token_model
from app.api.webauthn_options import creation_options_model, request_options_model
from app.errors import AccountDisabled, UnknownPasskey

passkeys_ns = DocumentedNamespace(name="passkeys", description="Sign in with a passkey (WebAuthn)")
for model in (
    creation_options_model,
    request_options_model,
    passkey_model,
    passkey_list_model,
    token_model,
    error_model,
):
    passkeys_ns.add_model(model.name, model)

NOT_FOUND = error_response(HTTPStatus.NOT_FOUND, "No such passkey.", business.NO_SUCH_PASSKEY)
INVALID_CREDENTIAL = invalid_input("credential", CREDENTIAL_INVALID)


@passkeys_ns.route("/register/options", endpoint="passkey_register_options")
class RegistrationOptions(Resource):
    """The start of registering a passkey."""

    @passkeys_ns.response(
        int(HTTPStatus.OK), "For navigator.credentials.create.", creation_options_model
    )
    @sensitive(Operation.PASSKEY_OPTIONS)
    def post(self) -> tuple[dict[str, Any], HTTPStatus]:
        """Get the options to create a new passkey for your account.

        A full session's access token from a recent sign-in (step-up), and a verified address.
        Pass the options to navigator.credentials.create(), then send its answer to POST
        /auth/passkeys within 5 minutes.
        """
        return business.registration_options(current_user(), request_origin()), HTTPStatus.OK


@passkeys_ns.route("", endpoint="passkey_list")
class PasskeyList(Resource):
    """Your passkeys."""

    @passkeys_ns.response(int(HTTPStatus.OK), "Oldest first.", passkey_list_model)
    @account_token_required
    def get(self) -> tuple[dict[str, Any], HTTPStatus]:
        """List your passkeys.

        A full session's access token. Each passkey shows its name, when it was made and last
        used, and whether its provider syncs it to other devices.
        """
        passkeys = business.passkeys_of(current_user().id)
        return {"passkeys": [passkey_body(passkey) for passkey in passkeys]}, HTTPStatus.OK

    @passkeys_ns.expect(register_reqparser)
    @passkeys_ns.response(int(HTTPStatus.CREATED), "Registered.", passkey_model)
    @passkeys_ns.response(*INVALID_CREDENTIAL)
    @passkeys_ns.response(
        *error_response(HTTPStatus.CONFLICT, "Registered already.", business.REGISTERED_ALREADY)
    )
    @sensitive(Operation.PASSKEY_REGISTRATION)
    def post(self) -> tuple[dict[str, Any], HTTPStatus]:
        """Register the passkey your browser made from the creation options.

        A full session's access token from a recent sign-in (step-up), and a verified address.
        From then on the passkey signs you in (POST /auth/passkeys/login), and a notice goes to
        your address.
        """
        args = register_reqparser.parse_args()
        passkey = business.register(current_user(), args.credential, args.name, request_origin())
        return passkey_body(passkey), HTTPStatus.CREATED


@passkeys_ns.route("/<passkey_id>", endpoint="passkey")
@passkeys_ns.param(
    "passkey_id", "A passkey id from GET /auth/passkeys", example=examples.PASSKEY_ID
)
class PasskeyItem(Resource):
    """One of your passkeys."""

    @passkeys_ns.expect(rename_reqparser)
    @passkeys_ns.response(int(HTTPStatus.OK), "Renamed.", passkey_model)
    @passkeys_ns.response(*invalid_input("name", NAME_INVALID))
    @passkeys_ns.response(*NOT_FOUND)
    @account_token_required
    def patch(self, passkey_id: str) -> tuple[dict[str, Any], HTTPStatus]:
        """Rename one of your passkeys.

        A full session's access token. Only the name changes.
        """
        name = rename_reqparser.parse_args().name
        passkey = business.rename(current_user(), passkey_id, name, request_origin())
        return passkey_body(passkey), HTTPStatus.OK

    @passkeys_ns.response(int(HTTPStatus.NO_CONTENT), "Deleted: it signs in no more.")
    @passkeys_ns.response(*NOT_FOUND)
    @passkeys_ns.response(
        *error_response(HTTPStatus.CONFLICT, "Your last way to sign in.", LAST_WAY_IN)
    )
    @sensitive(Operation.PASSKEY_REMOVAL)
    def delete(self, passkey_id: str) -> Response:
        """Delete one of your passkeys.

        A full session's access token from a recent sign-in (step-up). It signs in no more;
        your last way to sign in cannot go.
        """
        business.delete(current_user(), passkey_id, request_origin())
        return Response(status=HTTPStatus.NO_CONTENT)


@passkeys_ns.route("/login/options", endpoint="passkey_login_options")
class LoginOptions(Resource):
    """The start of signing in with a passkey."""

    @passkeys_ns.response(
        int(HTTPStatus.OK), "For navigator.credentials.get.", request_options_model
    )
    @passkeys_ns.response(*TOO_MANY)
    @rate_limit("RATELIMIT_PASSKEY_LOGIN")
    def post(self) -> tuple[dict[str, Any], HTTPStatus]:
        """Get the options to sign in with a passkey, no email needed.

        Anyone may call it, no token needed. Any passkey of this site may answer: pass the
        options to navigator.credentials.get(), then send its answer to POST
        /auth/passkeys/login.
        """
        return business.login_options(), HTTPStatus.OK


@passkeys_ns.route("/login", endpoint="passkey_login")
class PasskeyLogin(Resource):
    """Signing in with a passkey."""

    @passkeys_ns.expect(login_reqparser)
    @passkeys_ns.response(int(HTTPStatus.OK), "Logged in; here are tokens.", token_model)
    @passkeys_ns.response(*INVALID_CREDENTIAL)
    @passkeys_ns.response(
        *error_response(
            HTTPStatus.UNAUTHORIZED, "That passkey is not registered.", str(UnknownPasskey())
        )
    )
    @passkeys_ns.response(
        *error_response(HTTPStatus.FORBIDDEN, "The account is disabled.", str(AccountDisabled()))
    )
    @passkeys_ns.response(*TOO_MANY)
    @rate_limit("RATELIMIT_PASSKEY_LOGIN")
    def post(self) -> Any:
        """Sign in with your browser's answer to the passkey options.

        Anyone may call it, no token needed. A passkey checks the person on the device, so it
        is a whole sign-in: the answer is a token pair, with no second step.
        """
        args = login_reqparser.parse_args()
        transport = requested_transport(args.refresh_transport)
        outcome = business.log_in(args.credential, request_origin())
        return sign_in_response(outcome, transport)

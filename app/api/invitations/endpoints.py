"""invitations_ns: InvitationList (/users/invitations) and InvitationItem, for whoever holds
users:write. Making one grants roles, so it asks what PATCH /users/<id> asks: a recent sign-in
(step-up), never a personal token; withdrawing one ends a way in, and asks only the permission."""

from http import HTTPStatus
from typing import Any

from flask import Response
from flask_restx import Resource

from app.accounts.invitations import NO_SUCH_INVITATION
from app.accounts.sign_up_policy import RegistrationClosed
from app.api import examples
from app.api.auth.decorator import (
    current_user,
    permission_required,
    recent_authentication_required,
)
from app.api.errors import error_model, error_response, invalid_input
from app.api.input_fields import ROLES_INVALID
from app.api.invitations import business
from app.api.invitations.dto import (
    create_invitation_reqparser,
    invitation_body,
    invitation_list_model,
    invitation_model,
)
from app.api.readable_swagger import DocumentedNamespace
from app.api.request_origin import request_origin
from app.errors import EmailTaken

invitations_ns = DocumentedNamespace(name="invitations", description="Invite people to register")
for model in (invitation_model, invitation_list_model, error_model):
    invitations_ns.add_model(model.name, model)


@invitations_ns.route("", endpoint="invitation_list")
class InvitationList(Resource):
    """The pending invitations."""

    @invitations_ns.response(int(HTTPStatus.OK), "Oldest first.", invitation_list_model)
    @permission_required("users:write")
    def get(self) -> tuple[dict[str, Any], HTTPStatus]:
        """List the invitations that may still be used.

        A token that holds users:write (admins). Never their tokens.
        """
        return {"invitations": [invitation_body(i) for i in business.pending()]}, HTTPStatus.OK

    @invitations_ns.expect(create_invitation_reqparser)
    @invitations_ns.response(
        int(HTTPStatus.CREATED), "Invited; the token went by email.", invitation_model
    )
    @invitations_ns.response(*invalid_input("roles", ROLES_INVALID))
    @invitations_ns.response(
        *error_response(
            HTTPStatus.CONFLICT,
            "That address is already registered.",
            str(EmailTaken(examples.EMAIL)),
        )
    )
    @invitations_ns.response(
        *error_response(
            HTTPStatus.FORBIDDEN,
            "Registration is closed (REGISTRATION=closed), or the token lacks users:write.",
            str(RegistrationClosed()),
        )
    )
    @permission_required("users:write")
    @recent_authentication_required
    def post(self) -> tuple[dict[str, Any], HTTPStatus]:
        """Invite an address to register, with the roles it will get.

        A token that holds users:write (admins), from a recent sign-in (step-up), never a
        personal token. The address gets a link (or a token) that works once, within 7 days;
        it replaces that address's pending invitation. Refused while REGISTRATION is closed.
        """
        args = create_invitation_reqparser.parse_args()
        invitation, _ = business.invite(args.email, args.roles, request_origin(), current_user())
        return invitation_body(invitation), HTTPStatus.CREATED


@invitations_ns.route("/<invitation_id>", endpoint="invitation")
@invitations_ns.param(
    "invitation_id", "An id from GET /users/invitations", example=examples.INVITATION_ID
)
class InvitationItem(Resource):
    """One pending invitation."""

    @invitations_ns.response(int(HTTPStatus.NO_CONTENT), "Revoked: its token works no more.")
    @invitations_ns.response(
        *error_response(HTTPStatus.NOT_FOUND, "No such invitation.", NO_SUCH_INVITATION)
    )
    @permission_required("users:write")
    def delete(self, invitation_id: str) -> Response:
        """Revoke a pending invitation.

        A token that holds users:write (admins). Its token works no more.
        """
        business.withdraw(invitation_id, request_origin(), current_user())
        return Response(status=HTTPStatus.NO_CONTENT)

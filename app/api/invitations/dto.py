"""Invitation parsers and models."""

from typing import Any

from flask_restx import Model, fields

from app.api import examples
from app.api.body import body_parser
from app.api.input_fields import email_address, role_list
from app.models import Invitation
from app.security.permissions import DEFAULT_ROLES, ROLES

create_invitation_reqparser = body_parser()
create_invitation_reqparser.add_argument(
    "email",
    type=email_address,
    required=True,
    description="The address to invite",
    example=examples.EMAIL,
)
create_invitation_reqparser.add_argument(
    "roles",
    type=role_list,
    default=list(DEFAULT_ROLES),
    description="The roles the account gets (in a form, separated by commas)",
    example=["editor"],
)

invitation_model = Model(
    "Invitation",
    {
        "id": fields.String(
            description="For DELETE /users/invitations/<id>", example=examples.INVITATION_ID
        ),
        "email": fields.String(description="The address invited", example=examples.EMAIL),
        "roles": fields.List(
            fields.String(enum=list(ROLES)),
            description="The roles the account will get",
            example=["editor"],
        ),
        "expires_at": fields.DateTime(
            dt_format="iso8601", description="When its token stops working", example=examples.LATER
        ),
    },
)
invitation_list_model = Model(
    "InvitationList",
    {
        "invitations": fields.List(
            fields.Nested(invitation_model), description="Every invitation still usable"
        )
    },
)


def invitation_body(invitation: Invitation) -> dict[str, Any]:
    """An invitation as invitation_model describes it: never its token."""
    return {
        "id": invitation.id,
        "email": invitation.email,
        "roles": invitation.role_names,
        "expires_at": invitation.expires_at.isoformat(),
    }

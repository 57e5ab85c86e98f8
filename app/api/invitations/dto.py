"""Invitation parsers and models."""

from typing import Any

from flask_restx import Model, fields

from app.api.body import body_parser
from app.api.input_fields import email_address, role_list
from app.models import Invitation
from app.security.permissions import DEFAULT_ROLES, ROLES

create_invitation_reqparser = body_parser()
create_invitation_reqparser.add_argument("email", type=email_address, required=True)
create_invitation_reqparser.add_argument("roles", type=role_list, default=list(DEFAULT_ROLES))

invitation_model = Model(
    "Invitation",
    {
        "id": fields.String(description="For DELETE /users/invitations/<id>"),
        "email": fields.String(example="ada@example.com"),
        "roles": fields.List(fields.String(enum=list(ROLES)), example=["editor"]),
        "expires_at": fields.DateTime(dt_format="iso8601"),
    },
)
invitation_list_model = Model(
    "InvitationList", {"invitations": fields.List(fields.Nested(invitation_model))}
)


def invitation_body(invitation: Invitation) -> dict[str, Any]:
    """An invitation as invitation_model describes it: never its token."""
    return {
        "id": invitation.id,
        "email": invitation.email,
        "roles": invitation.role_names,
        "expires_at": invitation.expires_at.isoformat(),
    }

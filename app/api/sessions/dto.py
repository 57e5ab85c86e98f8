"""The session model and its list."""

from typing import Any

from flask_restx import Model, fields

from app.api import examples
from app.models import LoginSession

session_model = Model(
    "Session",
    {
        "id": fields.String(
            description="The session's id; DELETE it to end the session",
            example=examples.SESSION_ID,
        ),
        "created_at": fields.DateTime(
            dt_format="iso8601", description="When you logged in", example=examples.WHEN
        ),
        "last_used_at": fields.DateTime(
            dt_format="iso8601",
            description="Last login or refresh",
            example="2026-12-02T10:02:41+00:00",
        ),
        "client": fields.String(
            description="The User-Agent, cut to 200 characters", example=examples.USER_AGENT
        ),
        "ip": fields.String(
            description="The address it logged in from", example=examples.IP_ADDRESS
        ),
        "current": fields.Boolean(
            description="True for the session of this request's token", example=True
        ),
    },
)

session_list_model = Model(
    "SessionList",
    {
        "sessions": fields.List(
            fields.Nested(session_model), description="Every session still logged in"
        )
    },
)


def session_body(session: LoginSession, current_id: str) -> dict[str, Any]:
    """A session as session_model describes it."""
    return {
        "id": session.id,
        "created_at": session.created_at.isoformat(),
        "last_used_at": session.last_used_at.isoformat(),
        "client": session.client,
        "ip": session.ip,
        "current": session.id == current_id,
    }

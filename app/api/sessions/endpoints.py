"""sessions_ns: SessionList (/auth/sessions) and SessionItem (/auth/sessions/<id>)."""

from http import HTTPStatus
from typing import Any

from flask import Response, g
from flask_restx import Resource

from app.accounts.sessions import NO_SUCH_SESSION
from app.api import examples
from app.api.auth.decorator import account_token_required, current_user
from app.api.errors import error_model, error_response
from app.api.readable_swagger import DocumentedNamespace
from app.api.request_origin import request_origin
from app.api.sessions import business
from app.api.sessions.dto import session_body, session_list_model, session_model

sessions_ns = DocumentedNamespace(
    name="sessions", description="Where you are logged in, and ending it"
)
for model in (session_model, session_list_model, error_model):
    sessions_ns.add_model(model.name, model)


@sessions_ns.route("", endpoint="session_list")
class SessionList(Resource):
    """The caller's own sessions."""

    @sessions_ns.response(
        int(HTTPStatus.OK), "Your live sessions, newest first.", session_list_model
    )
    @account_token_required
    def get(self) -> tuple[dict[str, Any], HTTPStatus]:
        """List the places you are logged in.

        A full session's access token. Each session shows when and from where it logged in
        and was last used; current marks the one of this request's token.
        """
        current = g.bearer.session_id
        sessions = [session_body(s, current) for s in business.sessions_of(g.account.id)]
        return {"sessions": sessions}, HTTPStatus.OK


@sessions_ns.route("/<session_id>", endpoint="session")
@sessions_ns.param(
    "session_id", "A session id from GET /auth/sessions", example=examples.SESSION_ID
)
class SessionItem(Resource):
    """One of the caller's sessions."""

    @sessions_ns.response(int(HTTPStatus.NO_CONTENT), "Ended: its tokens are refused from now on.")
    @sessions_ns.response(
        *error_response(HTTPStatus.NOT_FOUND, "No such session of yours.", NO_SUCH_SESSION)
    )
    @account_token_required
    def delete(self, session_id: str) -> Response:
        """End one of your sessions.

        A full session's access token. That session's access and refresh tokens stop working
        at once; the others stay logged in.
        """
        business.log_out_session(current_user(), session_id, request_origin())
        return Response(status=HTTPStatus.NO_CONTENT)

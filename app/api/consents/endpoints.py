"""consents_ns: ConsentList (/auth/consents) and ConsentItem (/auth/consents/<client_id>)."""

from http import HTTPStatus
from typing import Any

from flask import Response, g
from flask_restx import Resource

from app.api import examples
from app.api.auth.decorator import account_token_required, current_user
from app.api.consents import business
from app.api.consents.business import NO_SUCH_CONSENT
from app.api.consents.dto import consent_body, consent_list_model, consent_model
from app.api.errors import error_model, error_response
from app.api.readable_swagger import DocumentedNamespace
from app.api.request_origin import request_origin

consents_ns = DocumentedNamespace(name="consents", description="Apps you let sign you in")
for model in (consent_model, consent_list_model, error_model):
    consents_ns.add_model(model.name, model)


@consents_ns.route("", endpoint="consent_list")
class ConsentList(Resource):
    """The caller's consents."""

    @consents_ns.response(int(HTTPStatus.OK), "Newest first.", consent_list_model)
    @account_token_required
    def get(self) -> tuple[dict[str, Any], HTTPStatus]:
        """List the apps you allowed to sign you in, and what each may do.

        A full session's access token. First-party apps, which never ask, are not listed.
        """
        found = business.consents_of(g.account.id)
        return {"consents": [consent_body(c, client) for c, client in found]}, HTTPStatus.OK


@consents_ns.route("/<client_id>", endpoint="consent_item")
@consents_ns.param("client_id", "A client_id from GET /auth/consents", example=examples.CLIENT_ID)
class ConsentItem(Resource):
    """One consent."""

    @consents_ns.response(int(HTTPStatus.NO_CONTENT), "Taken back: the app's tokens end.")
    @consents_ns.response(
        *error_response(HTTPStatus.NOT_FOUND, "No consent to that client.", NO_SUCH_CONSENT)
    )
    @account_token_required
    def delete(self, client_id: str) -> Response:
        """Take back what you allowed an app.

        A full session's access token. The app's sessions of yours end at once (its access
        and refresh tokens are refused), and it must ask you again.
        """
        business.withdraw(current_user(), client_id, request_origin())
        return Response(status=HTTPStatus.NO_CONTENT)

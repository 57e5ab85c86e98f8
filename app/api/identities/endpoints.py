"""identities_ns: provider accounts linked to yours, under /api/v1/auth/identities."""

from http import HTTPStatus
from typing import Any

from flask import Response
from flask_restx import Resource

from app.accounts.sensitive import Operation
from app.accounts.ways_in import LAST_WAY_IN
from app.api import examples
from app.api.auth.decorator import account_token_required, current_user, sensitive
from app.api.errors import error_model, error_response
from app.api.identities import business
from app.api.identities.dto import identity_body, identity_list_model, identity_model
from app.api.readable_swagger import DocumentedNamespace
from app.api.request_origin import request_origin

identities_ns = DocumentedNamespace(
    name="identities", description="Provider accounts linked to yours"
)
for model in (identity_model, identity_list_model, error_model):
    identities_ns.add_model(model.name, model)


@identities_ns.route("", endpoint="identity_list")
class IdentityList(Resource):
    """Your linked identities."""

    @identities_ns.response(int(HTTPStatus.OK), "Oldest first.", identity_list_model)
    @account_token_required
    def get(self) -> tuple[dict[str, Any], HTTPStatus]:
        """List the provider accounts linked to yours.

        A full session's access token. Each can sign you in (GET /auth/oidc/{name}/authorize).
        """
        identities = business.identities_of(current_user().id)
        return {"identities": [identity_body(item) for item in identities]}, HTTPStatus.OK


@identities_ns.route("/<identity_id>", endpoint="identity")
@identities_ns.param(
    "identity_id", "An identity id from GET /auth/identities", example=examples.IDENTITY_ID
)
class IdentityItem(Resource):
    """One of your linked identities."""

    @identities_ns.response(int(HTTPStatus.NO_CONTENT), "Unlinked: it signs in no more.")
    @identities_ns.response(
        *error_response(HTTPStatus.NOT_FOUND, "No such identity.", business.NO_SUCH_IDENTITY)
    )
    @identities_ns.response(
        *error_response(HTTPStatus.CONFLICT, "Your last way to sign in.", LAST_WAY_IN)
    )
    @sensitive(Operation.IDENTITY_UNLINK)
    def delete(self, identity_id: str) -> Response:
        """Unlink a provider account from yours.

        A full session's access token from a recent sign-in (step-up). It signs you in no
        more, and a notice goes to your address; your last way to sign in cannot go.
        """
        business.unlink(current_user(), identity_id, request_origin())
        return Response(status=HTTPStatus.NO_CONTENT)

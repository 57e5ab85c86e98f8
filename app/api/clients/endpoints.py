"""clients_ns: ClientList (/clients) and ClientItem, for whoever holds clients:write (admins).

Registering a client, or changing what it may do, mints a way to get tokens: it asks what a
role change asks, a full session from a recent sign-in, never a personal token, so no narrowed
token can make itself a wider one through a client. Removing one only ends access."""

from http import HTTPStatus
from typing import Any

from flask import Response
from flask_restx import Resource

from app.api import examples
from app.api.auth.decorator import (
    current_user,
    permission_required,
    recent_authentication_required,
    require_full_session,
)
from app.api.clients import business
from app.api.clients.business import NO_SUCH_CLIENT
from app.api.clients.dto import (
    change_client_reqparser,
    client_body,
    client_list_model,
    client_model,
    create_client_reqparser,
    new_client_model,
)
from app.api.errors import error_model, error_response, invalid_input
from app.api.readable_swagger import DocumentedNamespace
from app.api.request_origin import request_origin

clients_ns = DocumentedNamespace(name="clients", description="Apps that sign people in here")
for model in (client_model, new_client_model, client_list_model, error_model):
    clients_ns.add_model(model.name, model)

GRANT_REFUSED = "A public client may not use the grant 'client_credentials'."
NOT_FOUND = error_response(HTTPStatus.NOT_FOUND, "No such client.", NO_SUCH_CLIENT)


@clients_ns.route("", endpoint="client_list")
class ClientList(Resource):
    """The registered clients."""

    @clients_ns.response(int(HTTPStatus.OK), "By name.", client_list_model)
    @permission_required("clients:write")
    def get(self) -> tuple[dict[str, Any], HTTPStatus]:
        """List the registered clients.

        A token that holds clients:write (admins). Never their secrets.
        """
        return {"clients": [client_body(c) for c in business.all_clients()]}, HTTPStatus.OK

    @clients_ns.expect(create_client_reqparser)
    @clients_ns.response(
        int(HTTPStatus.CREATED), "Registered; the secret is shown this once.", new_client_model
    )
    @clients_ns.response(*invalid_input("grant_types", GRANT_REFUSED))
    @permission_required("clients:write")
    @recent_authentication_required
    def post(self) -> tuple[dict[str, Any], HTTPStatus]:
        """Register an app that signs people in here, or calls the API for itself.

        A full session that holds clients:write (admins), from a recent sign-in (step-up),
        never a personal token. A confidential client gets a client_secret, shown this once;
        a public one (a browser or mobile app) has none and uses PKCE.
        """
        require_full_session()
        args = create_client_reqparser.parse_args()
        client, secret = business.register(request_origin(), current_user(), **args)
        return client_body(client, secret), HTTPStatus.CREATED


@clients_ns.route("/<client_id>", endpoint="client")
@clients_ns.param("client_id", "A client_id from GET /clients", example=examples.CLIENT_ID)
class ClientItem(Resource):
    """One client."""

    @clients_ns.response(int(HTTPStatus.OK), "The client.", client_model)
    @clients_ns.response(*NOT_FOUND)
    @permission_required("clients:write")
    def get(self, client_id: str) -> tuple[dict[str, Any], HTTPStatus]:
        """Read one client.

        A token that holds clients:write (admins).
        """
        return client_body(business.find(client_id)), HTTPStatus.OK

    @clients_ns.expect(change_client_reqparser)
    @clients_ns.response(
        int(HTTPStatus.OK), "Changed; a new secret is shown this once.", new_client_model
    )
    @clients_ns.response(*invalid_input("grant_types", GRANT_REFUSED))
    @clients_ns.response(*NOT_FOUND)
    @permission_required("clients:write")
    @recent_authentication_required
    def patch(self, client_id: str) -> tuple[dict[str, Any], HTTPStatus]:
        """Change what a client may do, or give it a new secret.

        A full session that holds clients:write (admins), from a recent sign-in. Fields left
        out stay. Taking a grant or a scope away, or a new secret, ends every token the client
        holds.
        """
        require_full_session()
        args = change_client_reqparser.parse_args()
        changes = {name: value for name, value in args.items() if value is not None}
        client, secret = business.change(client_id, request_origin(), current_user(), **changes)
        return client_body(client, secret), HTTPStatus.OK

    @clients_ns.response(int(HTTPStatus.NO_CONTENT), "Removed: its tokens are refused.")
    @clients_ns.response(*NOT_FOUND)
    @permission_required("clients:write")
    def delete(self, client_id: str) -> Response:
        """Remove a client.

        A token that holds clients:write (admins). Every token issued to it is refused from
        now on.
        """
        business.remove(client_id, request_origin(), current_user())
        return Response(status=HTTPStatus.NO_CONTENT)

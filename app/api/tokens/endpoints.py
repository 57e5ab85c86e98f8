"""tokens_ns: your personal access tokens, under /api/v1/auth/tokens."""

from http import HTTPStatus
from typing import Any

from flask import Response
from flask_restx import Resource

from app.accounts.personal_tokens import NO_SUCH_TOKEN
from app.accounts.sensitive import Operation
from app.api import examples
from app.api.auth.decorator import account_token_required, current_user, sensitive
from app.api.errors import error_model, error_response, invalid_input
from app.api.personal_token_dto import (
    personal_token_body,
    personal_token_list_model,
    personal_token_model,
)
from app.api.readable_swagger import DocumentedNamespace
from app.api.request_origin import request_origin
from app.api.tokens import business
from app.api.tokens.dto import create_reqparser, new_personal_token_model

tokens_ns = DocumentedNamespace(name="tokens", description="Personal access tokens, for scripts")
for model in (
    personal_token_model,
    personal_token_list_model,
    new_personal_token_model,
    error_model,
):
    tokens_ns.add_model(model.name, model)


@tokens_ns.route("", endpoint="personal_token_list")
class PersonalTokenList(Resource):
    """Your personal access tokens."""

    @tokens_ns.response(
        int(HTTPStatus.OK), "The live ones, oldest first.", personal_token_list_model
    )
    @account_token_required
    def get(self) -> tuple[dict[str, Any], HTTPStatus]:
        """List your personal access tokens that still work.

        A full session's access token. Each shows its scopes, when it expires, and when and
        from where it was last used; never the token itself.
        """
        records = business.tokens_of(current_user())
        return {"tokens": [personal_token_body(record) for record in records]}, HTTPStatus.OK

    @tokens_ns.expect(create_reqparser)
    @tokens_ns.response(
        int(HTTPStatus.CREATED), "Made; copy the token now.", new_personal_token_model
    )
    @tokens_ns.response(
        *invalid_input("scopes", "You do not hold users:read; yours are: widgets:read.")
    )
    @sensitive(Operation.PERSONAL_TOKEN)
    def post(self) -> tuple[dict[str, Any], HTTPStatus]:
        """Make a personal access token for scripts.

        A full session's access token from a recent sign-in (step-up). The token holds the
        scopes asked for, among your permissions, and works until it expires or is revoked;
        it is shown this once. Send it as Bearer <token>; it cannot manage your account.
        """
        args = create_reqparser.parse_args()
        record, token = business.create(
            current_user(), args.name, args.scopes, args.expires_in_days, request_origin()
        )
        body = {
            "id": record.id,
            "name": record.name,
            "token": token,
            "scopes": record.scopes,
            "expires_at": record.expires_at.isoformat(),
        }
        return body, HTTPStatus.CREATED


@tokens_ns.route("/<token_id>", endpoint="personal_token")
@tokens_ns.param("token_id", "A token id from GET /auth/tokens", example=examples.TOKEN_ID)
class PersonalTokenItem(Resource):
    """One of your personal access tokens."""

    @tokens_ns.response(int(HTTPStatus.NO_CONTENT), "Revoked: it works no more.")
    @tokens_ns.response(
        *error_response(HTTPStatus.NOT_FOUND, "No such token of yours.", NO_SUCH_TOKEN)
    )
    @account_token_required
    def delete(self, token_id: str) -> Response:
        """Revoke one of your personal access tokens.

        A full session's access token. The token stops working at once.
        """
        business.revoke(current_user(), token_id, request_origin())
        return Response(status=HTTPStatus.NO_CONTENT)

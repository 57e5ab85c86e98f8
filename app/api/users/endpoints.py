"""users_ns: UserList (/users), UserItem (/users/<public_id>) and UserLogoutAll, for admins."""

from http import HTTPStatus
from typing import Any

from flask import Response, g
from flask_restx import Resource
from werkzeug.exceptions import BadRequest

from app.accounts import two_factor
from app.accounts.admins import ONLY_ADMIN
from app.accounts.personal_tokens import NO_SUCH_TOKEN
from app.api import examples
from app.api.auth.decorator import (
    current_user,
    permission_required,
    recent_authentication_required,
    require_full_session,
)
from app.api.errors import error_model, error_response, invalid_input
from app.api.input_fields import ROLES_INVALID
from app.api.paging_dto import filters_of, page_header_docs, page_headers, page_links_model
from app.api.personal_token_dto import (
    personal_token_body,
    personal_token_list_model,
    personal_token_model,
)
from app.api.readable_swagger import DocumentedNamespace
from app.api.request_origin import request_origin
from app.api.responses import status_model, success
from app.api.users import business
from app.api.users.dto import (
    MAX_QUERY_LENGTH,
    managed_user_body,
    managed_user_model,
    update_user_reqparser,
    user_list_reqparser,
    user_page_body,
    user_page_model,
)
from app.models import User

users_ns = DocumentedNamespace(name="users", description="Accounts, for admins")
for model in (
    managed_user_model,
    page_links_model,
    user_page_model,
    status_model,
    error_model,
    personal_token_model,
    personal_token_list_model,
):
    users_ns.add_model(model.name, model)

PAGE = page_header_docs("matching users")
NOT_FOUND = error_response(HTTPStatus.NOT_FOUND, "No such user.", business.NO_SUCH_USER)
LAST_ADMIN = error_response(HTTPStatus.CONFLICT, "The only administrator.", ONLY_ADMIN)
NOTHING_TO_CHANGE = "Send roles, admin or disabled."


@users_ns.route("", endpoint="user_list")
class UserList(Resource):
    """Every account."""

    @users_ns.expect(user_list_reqparser)
    @users_ns.response(
        int(HTTPStatus.OK), "A page of users by email.", user_page_model, headers=PAGE
    )
    @users_ns.response(
        *invalid_input("q", f"q must be text of at most {MAX_QUERY_LENGTH} characters.")
    )
    @permission_required("users:read")
    def get(self) -> tuple[Any, ...]:
        """List users a page at a time, by email address.

        A token that holds users:read (auditors and admins, and personal tokens with it).
        With q, only the users whose address contains it.
        """
        args = user_list_reqparser.parse_args()
        page = business.page_of_users(args.page, args.per_page, args.q)
        body = user_page_body(page, filters_of(args))
        return body, HTTPStatus.OK, page_headers(body["links"], page)


@users_ns.route("/<public_id>", endpoint="user")
@users_ns.param("public_id", "The user's public_id", example=examples.USER_ID)
class UserItem(Resource):
    """One account."""

    @users_ns.response(int(HTTPStatus.OK), "The user.", managed_user_model)
    @users_ns.response(*NOT_FOUND)
    @permission_required("users:read")
    def get(self, public_id: str) -> tuple[dict[str, Any], HTTPStatus]:
        """Show one user as admins see them.

        A token that holds users:read (auditors and admins).
        """
        return managed_user_body(business.find_user(public_id)), HTTPStatus.OK

    @users_ns.expect(update_user_reqparser)
    @users_ns.response(int(HTTPStatus.OK), "The changed user.", managed_user_model)
    @users_ns.response(*invalid_input("roles", ROLES_INVALID))
    @users_ns.response(*NOT_FOUND)
    @users_ns.response(*LAST_ADMIN)
    @permission_required("users:write")
    @recent_authentication_required
    def patch(self, public_id: str) -> tuple[dict[str, Any], HTTPStatus]:
        """Change a user's roles, or disable or enable them.

        A token that holds users:write (admins), from a recent sign-in (step-up). Send any of
        roles (the whole list), admin (add or remove that role) and disabled; a disabled
        user's tokens and sign-ins are refused at once. The only administrator stays one.
        """
        changes = update_user_reqparser.parse_args()
        if not changes:
            raise BadRequest(NOTHING_TO_CHANGE)
        target = _managed(public_id)
        user = business.update_user(
            target, actor=current_user(), origin=request_origin(), **changes
        )
        return managed_user_body(user), HTTPStatus.OK

    @users_ns.response(int(HTTPStatus.NO_CONTENT), "Deleted; the user's tokens die with it.")
    @users_ns.response(*NOT_FOUND)
    @users_ns.response(*LAST_ADMIN)
    @permission_required("users:write")
    @recent_authentication_required
    def delete(self, public_id: str) -> Response:
        """Delete a user.

        A token that holds users:write (admins), from a recent sign-in (step-up). The account
        is deleted and its tokens are refused; its widgets stay, without an owner. The only
        administrator cannot go.
        """
        target = _managed(public_id)
        business.delete_user(target, request_origin(), actor=current_user())
        return Response(status=HTTPStatus.NO_CONTENT)


@users_ns.route("/<public_id>/logout-all", endpoint="user_logout_all")
@users_ns.param("public_id", "The user's public_id", example=examples.USER_ID)
class UserLogoutAll(Resource):
    """Every session of one account."""

    @users_ns.response(int(HTTPStatus.OK), "Every token of the user is refused.", status_model)
    @users_ns.response(*NOT_FOUND)
    @permission_required("users:write")
    @recent_authentication_required
    def post(self, public_id: str) -> dict[str, str]:
        """Log a user out everywhere.

        A token that holds users:write (admins), from a recent sign-in (step-up). Every access
        and refresh token the user holds stops working, on every device.
        """
        target = business.find_user(public_id)
        business.log_out_user(target, request_origin(), actor=current_user())
        return success("user logged out everywhere")


@users_ns.route("/<public_id>/mfa", endpoint="user_mfa")
@users_ns.param("public_id", "The user's public_id", example=examples.USER_ID)
class UserTwoFactor(Resource):
    """One account's two-factor authentication."""

    @users_ns.response(int(HTTPStatus.NO_CONTENT), "Off, or off already.")
    @users_ns.response(*NOT_FOUND)
    @users_ns.response(
        *error_response(
            HTTPStatus.CONFLICT, "An admin's last second factor.", two_factor.LAST_FACTOR
        )
    )
    @permission_required("users:write")
    @recent_authentication_required
    def delete(self, public_id: str) -> Response:
        """Turn a user's two-factor authentication off, as after a lost phone.

        A token that holds users:write (admins), from a recent sign-in (step-up). Every second
        factor of the user goes, and they get an email about it.
        """
        target = _managed(public_id)
        business.reset_mfa(target, request_origin(), actor=current_user())
        return Response(status=HTTPStatus.NO_CONTENT)


@users_ns.route("/<public_id>/tokens", endpoint="user_tokens")
@users_ns.param("public_id", "The user's public_id", example=examples.USER_ID)
class UserTokenList(Resource):
    """One account's personal access tokens."""

    @users_ns.response(
        int(HTTPStatus.OK), "The live ones, oldest first.", personal_token_list_model
    )
    @users_ns.response(*NOT_FOUND)
    @permission_required("users:read")
    def get(self, public_id: str) -> tuple[dict[str, Any], HTTPStatus]:
        """List a user's personal access tokens that still work.

        A token that holds users:read (auditors and admins). Never the tokens themselves.
        """
        records = business.tokens_of(business.find_user(public_id))
        return {"tokens": [personal_token_body(record) for record in records]}, HTTPStatus.OK


@users_ns.route("/<public_id>/tokens/<token_id>", endpoint="user_token")
@users_ns.param("public_id", "The user's public_id", example=examples.USER_ID)
@users_ns.param(
    "token_id", "A token id from GET /users/<public_id>/tokens", example=examples.TOKEN_ID
)
class UserTokenItem(Resource):
    """One personal access token of one account."""

    @users_ns.response(int(HTTPStatus.NO_CONTENT), "Revoked: it works no more.")
    @users_ns.response(
        *error_response(
            HTTPStatus.NOT_FOUND, f"{business.NO_SUCH_USER} / {NO_SUCH_TOKEN}", NO_SUCH_TOKEN
        )
    )
    @permission_required("users:write")
    def delete(self, public_id: str, token_id: str) -> Response:
        """Revoke a user's personal access token, a leaked one say.

        A token that holds users:write (admins). The token stops working at once.
        """
        target = business.find_user(public_id)
        business.revoke_token(target, token_id, request_origin(), actor=current_user())
        return Response(status=HTTPStatus.NO_CONTENT)


def _managed(public_id: str) -> User:
    """The user an admin route changes. Your own account only from a full session: a session
    narrowed to users:write must not turn off its own two-factor or delete its own account,
    which the account's own routes refuse it."""
    target = business.find_user(public_id)
    if target.id == g.account.id:
        require_full_session()
    return target

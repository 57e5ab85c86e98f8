"""RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): a client sends the person here
to sign out of the provider, and names where to come back.

With a valid `id_token_hint` of the person signed in here (or of nobody still signed in), the
hosted session ends at once; without one, a page asks first, since anyone can link here. The
way back is only a post_logout_redirect_uri the client registered, compared exactly; any other
is an error page, never a redirect."""

from dataclasses import dataclass
from http import HTTPStatus

from authlib.common.urls import add_params_to_uri
from flask import redirect
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from app.api.public_url import public_origin
from app.api.request_origin import request_origin
from app.hosted import business as hosted
from app.hosted.cookies import SESSION, clear_cookie, read_cookie
from app.hosted.pages import page
from app.hosted.session import signed_in
from app.models import OAuthClient
from app.running import extension
from app.security.id_tokens import IdTokenHint, decode_id_token_hint
from app.security.idp.clients import lines_of

NOT_YOURS = (
    "This sign-out link names an app or an address to return to that does not match what the "
    "app registered. You were not signed out."
)


@dataclass(frozen=True)
class LogoutRequest:
    """A checked request: the client, if named, and where to go afterwards."""

    client: OAuthClient | None
    hint: IdTokenHint | None
    return_to: str | None  # a registered post_logout_redirect_uri, with state


def checked(args: MultiDict[str, str]) -> LogoutRequest | None:
    """The request, or None when its client, hint and return address do not agree."""
    token = args.get("id_token_hint")
    hint = (
        decode_id_token_hint(extension("id_token_keys"), token, public_origin()) if token else None
    )
    client_id = args.get("client_id") or (hint.aud[0] if hint and hint.aud else None)
    if hint is not None and client_id not in hint.aud:
        return None
    client = OAuthClient.find(client_id[:64]) if client_id else None
    if client_id and client is None:
        return None
    return_to = args.get("post_logout_redirect_uri")
    if return_to is not None:
        if client is None or return_to not in lines_of(client.post_logout_redirect_uris):
            return None
        state = args.get("state")
        return_to = add_params_to_uri(return_to, [("state", state)]) if state else return_to
    return LogoutRequest(client, hint, return_to)


def log_out(args: MultiDict[str, str], *, confirmed: bool) -> Response:
    """End the hosted session when the hint says whose it is, or the person confirmed; else the
    page that asks."""
    request = checked(args)
    if request is None:
        return page("error", HTTPStatus.BAD_REQUEST, message=NOT_YOURS)
    current = signed_in()
    hinted = request.hint is not None and (
        current is None or current.user.public_id == request.hint.sub
    )
    if current is not None and not (hinted or confirmed):
        return page(
            "logout_confirm",
            client_name=request.client.name if request.client else None,
            fields={k: v for k, v in args.items(multi=False) if k != "csrf_token"},
        )
    if secret := read_cookie(SESSION):
        hosted.sign_out(secret, request_origin())
    answer = (
        redirect(request.return_to, HTTPStatus.FOUND) if request.return_to else page("signed_out")
    )
    clear_cookie(answer, SESSION)
    return answer

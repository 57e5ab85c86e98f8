"""The authorization endpoint's decisions (RFC 6749, 4.1; OpenID Connect Core, 3.1.2), shared
by GET /oauth/authorize and the consent page: whether the request is sound, whether the person
must sign in (again) or be asked, and the answer the client gets.

A request whose client or redirect URI is wrong gets an error page here, never a redirect
(RFC 9700, 4.1); every other answer goes back to the exact redirect URI with `iss` (RFC 9207),
errors included, so the client can tell which provider answered."""

from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import parse_qsl, urlencode, urlsplit

from authlib.common.urls import add_params_to_uri
from authlib.oauth2 import OAuth2Error
from flask import redirect, request
from werkzeug.wrappers import Response

from app import db
from app.api.idp.server import authorization_server
from app.api.public_url import public_origin
from app.api.request_origin import request_origin
from app.hosted.pages import page
from app.hosted.session import HostedSignIn, signed_in, signin_url
from app.models import Consent, OAuthClient
from app.ops import audit
from app.ops.audit import AuditEvent
from app.security.idp.clients import lines_of
from app.util.datetime_util import utc_now

AUTHORIZE_PATH = "/api/v1/oauth/authorize"
CONSENT_PATH = "/consent"
NOT_SENT_BACK = (
    "The app that sent you here is not registered, or asked to send you back to an address it "
    "did not register. Nothing was sent to it."
)


@dataclass(frozen=True)
class Pending:
    """A sound authorization request, and who is signed in to answer it."""

    grant: object  # Authlib's grant, holding the validated request
    client: OAuthClient
    hosted: HostedSignIn | None
    scopes: list[str]
    prompts: set[str]


def authorize() -> Response:
    """GET /oauth/authorize: sign in, consent, or straight back with a code."""
    pending = validated()
    if isinstance(pending, Response):
        return pending
    hosted, prompts = pending.hosted, pending.prompts
    max_age = request.args.get("max_age")
    if max_age is not None and not max_age.isdigit():
        return sent_back({"error": "invalid_request", "error_description": "max_age: seconds."})
    fresh_enough = hosted is not None and (max_age is None or hosted.proved_within(int(max_age)))
    if not fresh_enough or "login" in prompts:
        if "none" in prompts:
            return sent_back({"error": "login_required"})
        again = _without_prompt_login(request.full_path)
        hint = request.args.get("login_hint")
        return redirect(signin_url(again, login_hint=hint, fresh=hosted is not None), 303)
    if "consent" in prompts or needs_consent(pending):
        if "none" in prompts:
            return sent_back({"error": "consent_required"})
        return redirect(f"{CONSENT_PATH}?{request.query_string.decode()}", 303)
    return issue_code(pending)


def validated() -> Pending | Response:
    """The request as Authlib checked it, or the answer to an unsound one."""
    hosted = signed_in()
    try:
        grant = authorization_server().get_consent_grant(end_user=hosted)
    except OAuth2Error as error:
        return refused(error)
    client = grant.request.client.stored
    prompts = set((request.args.get("prompt") or "").split())
    return Pending(grant, client, hosted, grant.request.scope.split(), prompts)


def needs_consent(pending: Pending) -> bool:
    """Ask, unless the client is ours, or the person allowed it these scopes before."""
    assert pending.hosted is not None, "asked once signed in"
    if pending.client.first_party:
        return False
    consent = Consent.of(pending.hosted.user.id, pending.client.client_id)
    return consent is None or not set(pending.scopes) <= set(consent.scopes.split())


def remember_consent(pending: Pending) -> None:
    """The person allowed the client these scopes: remembered with those allowed before."""
    assert pending.hosted is not None
    user, client_id = pending.hosted.user, pending.client.client_id
    consent = Consent.of(user.id, client_id)
    if consent is None:
        consent = Consent(user_id=user.id, client_id=client_id, scopes="", granted_at=utc_now())
        db.session.add(consent)
    allowed = dict.fromkeys([*consent.scopes.split(), *pending.scopes])
    consent.scopes, consent.granted_at = " ".join(allowed), utc_now()
    audit.record(
        AuditEvent.CONSENT_GRANTED,
        request_origin(),
        actor=user,
        subject=user,
        client=client_id,
        scope=" ".join(pending.scopes),
    )


def issue_code(pending: Pending) -> Response:
    """Back to the client with a code for the signed-in person (and `state`, and `iss`)."""
    response = authorization_server().create_authorization_response(
        grant_user=pending.hosted, grant=pending.grant
    )
    db.session.commit()
    return _with_issuer(response)


def sent_back(params: dict[str, str]) -> Response:
    """Back to the request's (validated) redirect URI with `params`, `state` and `iss`."""
    state = request.args.get("state")
    uri = add_params_to_uri(
        request.args["redirect_uri"],
        [*params.items(), ("state", state)] if state else list(params.items()),
    )
    return _with_issuer(redirect(uri, HTTPStatus.FOUND))


def refused(error: OAuth2Error) -> Response:
    """An unsound request: an error page when the redirect URI cannot be trusted (or there is
    none), else the error at the client, with `iss`."""
    if not error.redirect_uri:
        return page("error", HTTPStatus.BAD_REQUEST, message=NOT_SENT_BACK)
    status, body, headers = error()
    response = Response(body, status=status, headers=headers)
    return _with_issuer(response)


def origins_of(next_path: str) -> list[str]:
    """Where a sign-in going on to `next_path` may end: the origin of a registered redirect URI
    of the authorize request it names (the hosted pages widen form-action with it)."""
    parts = urlsplit(next_path)
    if parts.path not in (AUTHORIZE_PATH, CONSENT_PATH):
        return []
    query = dict(parse_qsl(parts.query))
    client = OAuthClient.find(query.get("client_id", "")[:64])
    uri = query.get("redirect_uri", "")
    if client is None or uri not in lines_of(client.redirect_uris):
        return []
    target = urlsplit(uri)
    return [f"{target.scheme}://{target.netloc}" if target.netloc else f"{target.scheme}:"]


def _with_issuer(response: Response) -> Response:
    """Add `iss` (RFC 9207) to the redirect's query, whatever it answers."""
    location = response.headers.get("Location")
    if location:
        response.headers["Location"] = add_params_to_uri(location, [("iss", public_origin())])
    return response


def _without_prompt_login(full_path: str) -> str:
    """The request again, with `login` taken out of `prompt`: once the person has signed in,
    going back must not ask them again."""
    parts = urlsplit(full_path)
    query = []
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if name == "prompt":
            value = " ".join(p for p in value.split() if p != "login")
            if not value:
                continue
        query.append((name, value))
    return f"{parts.path}?{urlencode(query)}"

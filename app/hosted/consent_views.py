"""/consent: the person allows a client what it asks, or not. Reached from /oauth/authorize
with the same query, which is checked again here, as on every step; remembered per user,
client and scope (app/api/idp/authorize.py). And /logout: the confirmation of a client's
sign-out request (app/api/idp/logout.py)."""

from http import HTTPStatus

from flask import redirect, request
from werkzeug.wrappers import Response

from app.api.idp import authorize as authorization
from app.api.idp.logout import log_out
from app.hosted.blueprint import hosted_bp
from app.hosted.headers import allow_form_targets
from app.hosted.pages import page
from app.hosted.session import signin_url
from app.security.idp.clients import SCOPE_WORDS

DENIED = {"error": "access_denied", "error_description": "The person did not allow it."}


@hosted_bp.route("/consent", methods=["GET", "POST"], endpoint="consent")
def consent() -> Response:
    """GET: what the client asks, in words, with Allow and Deny. POST `decision`: back to the
    client with a code, or with access_denied."""
    pending = authorization.validated()
    if isinstance(pending, Response):
        return pending
    if pending.hosted is None:  # signed out since: sign in, then come back here
        return redirect(signin_url(request.full_path), HTTPStatus.SEE_OTHER)
    if request.method == "GET":
        allow_form_targets(*authorization.origins_of(request.full_path))
        return page(
            "consent",
            client_name=pending.client.name,
            email=pending.hosted.user.email,
            scope_words=[SCOPE_WORDS.get(name, name) for name in pending.scopes],
            action=request.full_path,
        )
    if request.form.get("decision") != "allow":
        return authorization.sent_back(DENIED)
    authorization.remember_consent(pending)
    return authorization.issue_code(pending)


@hosted_bp.post("/logout", endpoint="logout")
def logout() -> Response:
    """The answer to the page that asks before signing out (RP-initiated logout)."""
    if request.form.get("decision") != "logout":
        return redirect("/signed-in", HTTPStatus.SEE_OTHER)
    return log_out(request.form, confirmed=True)

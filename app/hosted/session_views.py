"""/signed-in, /signout and /signed-out: who is signed in here, and ending it."""

from http import HTTPStatus

from flask import redirect
from werkzeug.wrappers import Response

from app.api.request_origin import request_origin
from app.hosted import business
from app.hosted.blueprint import hosted_bp
from app.hosted.cookies import SESSION, clear_cookie, read_cookie
from app.hosted.pages import page
from app.hosted.session import signed_in


@hosted_bp.get("/signed-in", endpoint="signed_in")
def signed_in_page() -> Response:
    """Who is signed in, with the sign-out form; 303 to /signin for nobody."""
    hosted = signed_in()
    if hosted is None:
        return redirect("/signin", HTTPStatus.SEE_OTHER)
    return page("signed_in", email=hosted.user.email)


@hosted_bp.post("/signout", endpoint="signout")
def signout() -> Response:
    """End the hosted session and its login session; the signed-out page."""
    if secret := read_cookie(SESSION):
        business.sign_out(secret, request_origin())
    answer = page("signed_out")
    clear_cookie(answer, SESSION)
    return answer


@hosted_bp.get("/signed-out", endpoint="signed_out")
def signed_out() -> Response:
    """The page after signing out."""
    return page("signed_out")

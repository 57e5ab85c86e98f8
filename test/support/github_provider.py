"""GitHub for the tests: its OAuth sign-in pages and the REST API calls a sign-in makes, answered
in GitHub's own formats by a server on a free port of 127.0.0.1, laid out as GitHub Enterprise
is (the sign-in pages at the root, the API under /api/v3). One OAuth app is registered.

GitHub is not OpenID Connect: no discovery and no ID token. Its token endpoint answers JSON
only when asked (`Accept: application/json`), and an error with 200 and an `error` member.
"""

import json
import secrets
import threading
from base64 import urlsafe_b64encode
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from hashlib import sha256
from typing import Any
from urllib.parse import urlencode

import requests
from werkzeug.wrappers import Request, Response

from support.oidc_provider import serving

CLIENT_ID = "Iv1.flask-jwt-api"
CLIENT_SECRET = "not-a-real-github-secret"
API = "/api/v3"
TROUBLESHOOTING = "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/"


def token_error(error: str, description: str) -> dict[str, str]:
    """An error of the token endpoint, as GitHub words it."""
    uri = TROUBLESHOOTING + "#" + error.replace("_", "-")
    return {"error": error, "error_description": description, "error_uri": uri}


BAD_CLIENT = token_error(
    "incorrect_client_credentials", "The client_id and/or client_secret passed are incorrect."
)
BAD_CODE = token_error("bad_verification_code", "The code passed is incorrect or expired.")
BAD_REDIRECT = token_error(
    "redirect_uri_mismatch", "The redirect_uri MUST match the registered callback URL."
)
BAD_CREDENTIALS = {
    "message": "Bad credentials",
    "documentation_url": "https://docs.github.com/rest",
}


def address(email: str, *, primary: bool = True, verified: bool = True) -> dict[str, Any]:
    """One entry of GET /user/emails."""
    return {"email": email, "primary": primary, "verified": verified, "visibility": "private"}


@dataclass(frozen=True)
class Grant:
    """A code GitHub sent back to the app: who approved it, for where, with which challenge."""

    login: str
    redirect_uri: str
    challenge: str
    scope: str


class GitHub:
    """The server's state, shared by its threads and the test: accounts, codes and tokens."""

    def __init__(self) -> None:
        self.url = ""  # known once it serves
        self.accounts: dict[str, tuple[dict[str, Any], list[Any]]] = {}
        self.codes: dict[str, Grant] = {}
        self.tokens: dict[str, str] = {}
        self.lock = threading.Lock()

    @property
    def api_url(self) -> str:
        return self.url + API

    def add_user(
        self, login: str, user_id: Any, emails: list[Any], name: str | None = None
    ) -> None:
        """An account that signs in as `login`; `user_id` is its numeric id (or, to test the
        app, anything else)."""
        user = {"login": login, "id": user_id, "type": "User", "name": name, "email": None}
        self.accounts[login] = (user, emails)

    def approve(self, authorize_url: str, login: str) -> str:
        """`login`, signed in at GitHub, opens the authorize page of an app already approved:
        GitHub sends the browser straight back. Returns where to."""
        response = requests.get(
            authorize_url, cookies={"user_session": login}, allow_redirects=False, timeout=5
        )
        assert response.status_code == 302, response.text
        return response.headers["Location"]

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        request = Request(environ)
        route = ROUTES.get((request.method, request.path))
        response = route(self, request) if route else _json({"message": "Not Found"}, 404)
        return response(environ, start_response)

    def authorize(self, request: Request) -> Response:
        login = request.cookies.get("user_session", "")
        args = request.args
        if args.get("client_id") != CLIENT_ID or login not in self.accounts:
            return Response("Sign in to GitHub", 200)
        if args.get("code_challenge") and args.get("code_challenge_method") != "S256":
            return Response("code_challenge_method must be S256", 400)
        code = secrets.token_hex(10)
        with self.lock:
            self.codes[code] = Grant(
                login, args["redirect_uri"], args.get("code_challenge", ""), args.get("scope", "")
            )
        back = {"code": code, "state": args["state"]} if "state" in args else {"code": code}
        return Response(
            status=302, headers={"Location": f"{args['redirect_uri']}?{urlencode(back)}"}
        )

    def access_token(self, request: Request) -> Response:
        form = request.form
        with self.lock:
            grant = self.codes.pop(form.get("code", ""), None)
        if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
            return _token_answer(request, BAD_CLIENT)
        if grant is None or (
            grant.challenge and _s256(form.get("code_verifier", "")) != grant.challenge
        ):
            return _token_answer(request, BAD_CODE)
        if form.get("redirect_uri", grant.redirect_uri) != grant.redirect_uri:
            return _token_answer(request, BAD_REDIRECT)
        token = "gho_" + secrets.token_hex(18)
        with self.lock:
            self.tokens[token] = grant.login
        scope = ",".join(grant.scope.split())  # GitHub lists the granted scopes with commas
        answer = {"access_token": token, "token_type": "bearer", "scope": scope}
        return _token_answer(request, answer)

    def user(self, request: Request) -> Response:
        login = self._bearer(request)
        return _json(self.accounts[login][0]) if login else _json(BAD_CREDENTIALS, 401)

    def emails(self, request: Request) -> Response:
        login = self._bearer(request)
        return _json(self.accounts[login][1]) if login else _json(BAD_CREDENTIALS, 401)

    def _bearer(self, request: Request) -> str | None:
        """The login of the request's token (GitHub takes `Bearer` or `token`)."""
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        return self.tokens.get(token) if scheme.lower() in {"bearer", "token"} else None


ROUTES: dict[tuple[str, str], Callable[[GitHub, Request], Response]] = {
    ("GET", "/login/oauth/authorize"): GitHub.authorize,
    ("POST", "/login/oauth/access_token"): GitHub.access_token,
    ("GET", f"{API}/user"): GitHub.user,
    ("GET", f"{API}/user/emails"): GitHub.emails,
}


def _token_answer(request: Request, answer: dict[str, str]) -> Response:
    """JSON when asked for, else form-encoded; 200 even for an error, as GitHub answers."""
    if "application/json" in request.headers.get("Accept", ""):
        return _json(answer)
    return Response(urlencode(answer), 200, content_type="application/x-www-form-urlencoded")


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status, content_type="application/json")


def _s256(verifier: str) -> str:
    return urlsafe_b64encode(sha256(verifier.encode()).digest()).rstrip(b"=").decode()


@contextmanager
def running_github() -> Iterator[GitHub]:
    """A GitHub of its own, serving until the test ends."""
    github = GitHub()
    with serving(github) as url:
        github.url = url
        yield github

"""A real OpenID Connect provider for the tests (oidc-provider-mock, an Authlib server) on a free
port of 127.0.0.1, and the steps a person takes on its sign-in page, done over HTTP.

A Relay in front of a provider stands for a hostile network or a broken provider: it forwards
everything, keeping the Host header (so the provider names the relay as its issuer), except
the one thing it was told to change.
"""

import threading
from base64 import b64encode
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import oidc_provider_mock
import requests
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

HOP_BY_HOP = {"connection", "content-length", "transfer-encoding", "content-encoding"}


@contextmanager
def serving(app: Callable[..., Iterable[bytes]]) -> Iterator[str]:
    """`app` behind a threaded HTTP server on a free port of 127.0.0.1; yields its URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


class Provider:
    """A provider at `issuer` whose users the tests define."""

    def __init__(self, issuer: str) -> None:
        self.issuer = issuer

    def add_user(self, subject: str, **claims: Any) -> None:
        """The claims the provider will vouch for when `subject` signs in."""
        response = requests.put(f"{self.issuer}/users/{subject}", json=claims, timeout=5)
        assert response.status_code == 204, response.text

    def approve(self, authorize_url: str, subject: str, **changed: str) -> str:
        """Sign in as `subject` on the page `authorize_url` shows (its parameters `changed` by
        the test first); returns where the provider sends the browser back to."""
        response = requests.post(
            with_query(authorize_url, **changed), data={"sub": subject}, allow_redirects=False
        )
        assert response.status_code == 302, response.text
        return response.headers["Location"]

    def deny(self, authorize_url: str) -> str:
        """Press the page's deny button; returns where the browser is sent back to."""
        response = requests.post(authorize_url, data={"action": "deny"}, allow_redirects=False)
        assert response.status_code == 302, response.text
        return response.headers["Location"]


class Relay:
    """Forwards to `upstream`; the key set from `jwks_from` (another provider's keys) or the
    token request as client `client_id_as` (so the ID token names another audience)."""

    def __init__(
        self, upstream: str, *, jwks_from: str | None = None, client_id_as: str | None = None
    ) -> None:
        self.upstream, self.jwks_from, self.client_id_as = upstream, jwks_from, client_id_as

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        request = Request(environ)
        target = self.upstream
        if self.jwks_from and request.path == "/jwks":
            target = self.jwks_from
        headers = {name: value for name, value in request.headers if name.lower() not in HOP_BY_HOP}
        if self.client_id_as and request.path == "/oauth2/token":
            credentials = b64encode(f"{self.client_id_as}:secret".encode()).decode()
            headers["Authorization"] = f"Basic {credentials}"
        answer = requests.request(
            request.method,
            target + request.full_path,
            headers=headers,
            data=request.get_data(),
            allow_redirects=False,
            timeout=5,
        )
        kept = [
            (name, value)
            for name, value in answer.headers.items()
            if name.lower() not in HOP_BY_HOP
        ]
        return Response(answer.content, answer.status_code, kept)(environ, start_response)


@contextmanager
def running_provider() -> Iterator[Provider]:
    """A new provider, with keys of its own, that requires a nonce."""
    with serving(oidc_provider_mock.app(require_nonce=True)) as issuer:
        yield Provider(issuer)


@contextmanager
def relayed(upstream: Provider, **change: str) -> Iterator[Provider]:
    """`upstream` as seen through a Relay that makes `change`."""
    with serving(Relay(upstream.issuer, **change)) as issuer:
        yield Provider(issuer)


def with_query(url: str, **changed: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query)) | changed
    return urlunsplit(parts._replace(query=urlencode(query)))


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


def fragment_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).fragment))

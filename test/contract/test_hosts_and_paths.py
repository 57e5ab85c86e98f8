"""Absolute URLs come from PUBLIC_URL, never from the Host header; a Host the settings do not
name answers 400; paths with `//` are answered as their single-slash form (API.md, "Hardening").
"""

import json
from http.client import HTTPConnection

import pytest
from conftest import account_in
from support.oidc_flow import OIDC, provider_settings
from support.oidc_provider import query_of

PUBLIC_URL = "https://api.example.com"
UNKNOWN_HOST = "This server does not answer for that host name: use its address (PUBLIC_URL)."
FORGED = [
    "evil.example",
    "evil.example:443",
    "api.example.com.evil.example",
    "API.EXAMPLE.COM.evil",
]


@pytest.fixture
def app(make_app, provider):
    """Behind a public address, and still answering for a name of the inside network."""
    return make_app(
        PUBLIC_URL=PUBLIC_URL,
        TRUSTED_HOSTS=["internal.example"],
        **provider_settings(provider.issuer),
    )


def provider_list(client, host):
    return client.get(f"{OIDC}/providers", headers={"Host": host})


def authorize(client, host):
    return client.get(f"{OIDC}/mock/authorize", headers={"Host": host})


def widget_created(client, host, create_account):
    editor = create_account(admin=True)
    body = {"name": "solar-panel", "info_url": "https://x.io", "deadline": "2099-01-01"}
    return client.post("/api/v1/widgets", json=body, headers=editor.headers | {"Host": host})


def user_page(client, host, create_account):
    admin = create_account(admin=True)
    return client.get("/api/v1/users?q=a", headers=admin.headers | {"Host": host})


def absolute_urls(response) -> list[str]:
    """Every URL the answer hands out: its Location and Link headers and its body's strings."""
    found = [response.headers.get("Location", "")]
    found += [
        part.split(">")[0].lstrip("<") for part in response.headers.get("Link", "").split(", ")
    ]

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            found.append(value)

    walk(response.get_json(silent=True))
    return [url for url in found if url.startswith(("http://", "https://"))]


BUILDS_URLS = [
    pytest.param(lambda client, host, _: provider_list(client, host), id="oidc-providers"),
    pytest.param(lambda client, host, _: authorize(client, host), id="oidc-authorize"),
    pytest.param(widget_created, id="widget-created"),
    pytest.param(user_page, id="page-links"),
]


@pytest.mark.parametrize("route", BUILDS_URLS)
def test_urls_the_api_builds_start_with_public_url_whatever_host_came(
    client, create_account, provider, route
):
    response = route(client, "internal.example:8000", create_account)
    assert response.status_code < 400
    ours = [url for url in absolute_urls(response) if not url.startswith(provider.issuer)]
    assert all(url.startswith(f"{PUBLIC_URL}/") for url in ours), ours
    assert "internal.example" not in str(absolute_urls(response))


@pytest.mark.parametrize("route", BUILDS_URLS)
@pytest.mark.parametrize("host", FORGED)
def test_a_forged_host_is_400_in_the_envelope(client, create_account, route, host):
    response = route(client, host, create_account)
    assert response.status_code == 400
    assert response.json == {"status": "fail", "message": UNKNOWN_HOST}
    assert "Location" not in response.headers


def test_the_provider_is_sent_back_to_public_url(client, provider):
    response = authorize(client, "internal.example")
    assert response.location.startswith(f"{provider.issuer}/")
    assert query_of(response.location)["redirect_uri"] == f"{PUBLIC_URL}{OIDC}/mock/callback"
    assert provider_list(client, "internal.example").json["providers"][0]["authorize_url"] == (
        f"{PUBLIC_URL}{OIDC}/mock/authorize"
    )


@pytest.mark.parametrize(
    "host", ["api.example.com", "API.example.com:443", "internal.example:5000"]
)
def test_our_own_host_names_are_answered_in_any_case_on_any_port(client, host):
    response = client.get("/api/v1/health", headers={"Host": host})
    assert response.status_code == 200


def test_an_unknown_path_on_a_forged_host_is_400_not_404(client):
    response = client.get("/no/such/path", headers={"Host": "evil.example"})
    assert (response.status_code, response.json["message"]) == (400, UNKNOWN_HOST)


@pytest.mark.parametrize("path", ["/api/v1//auth/login", "/api//v1///auth//login"])
def test_double_slashes_are_answered_as_one_not_redirected(client, create_account, path):
    account = create_account()
    body = {"email": account.email, "password": account.password}
    response = client.post(path, json=body, headers={"Host": "api.example.com"})
    assert response.status_code == 200
    assert "access_token" in response.json
    assert "Location" not in response.headers


def test_a_leading_double_slash_over_http_is_the_path_it_names(live_url):
    """Sent as the request line `GET //api/v1/health` (the test client would read a host)."""
    connection = HTTPConnection(live_url.removeprefix("http://"), timeout=10)
    connection.request("GET", "//api/v1/health", headers={"Host": "api.example.com"})
    response = connection.getresponse()
    assert response.status == 200
    assert json.loads(response.read()) == {"status": "ok", "checks": {"database": "ok"}}
    assert response.getheader("Location") is None


def test_double_slashes_with_a_forged_host_are_400(client):
    response = client.post("/api/v1//auth/login", json={}, headers={"Host": "evil.example"})
    assert (response.status_code, response.json["message"]) == (400, UNKNOWN_HOST)
    assert "Location" not in response.headers


@pytest.mark.parametrize(
    ("origin", "status"),
    [(PUBLIC_URL, 200), ("http://localhost", 403), ("http://evil.example", 403)],
)
def test_the_apis_own_origin_for_the_csrf_check_is_public_urls(make_app, origin, status):
    """A cookie refresh from the API's own origin passes; what Host says is not that origin."""
    app = make_app(PUBLIC_URL=PUBLIC_URL)
    client, account = app.test_client(), account_in(app)
    body = {"email": account.email, "password": account.password, "refresh_transport": "cookie"}
    csrf = client.post("/api/v1/auth/login", json=body).json["csrf_token"]
    headers = {"Origin": origin, "X-CSRF-Token": csrf}
    assert client.post("/api/v1/auth/refresh", headers=headers).status_code == status

"""Sign in with GitHub (OAuth 2.0, not OpenID Connect) against a GitHub of the tests on a free
port: the account from /user, the address from /user/emails, and the rules every provider shares
(sign-up needs a verified address, linking, errors to the page)."""

import pytest
from support.github_provider import CLIENT_ID, CLIENT_SECRET, address, running_github
from support.oidc_flow import (
    IDENTITIES,
    PAGE,
    SIGN_UP_REFUSALS,
    bearer,
    come_back,
    counts,
    exchange,
    provider_settings,
)
from support.oidc_flow import sign_in as oidc_sign_in
from support.oidc_provider import query_of, with_query

from app.config import oidc_providers
from app.models import Identity
from app.security.providers import registry
from app.security.providers.base import ProviderAccount

OIDC = "/api/v1/auth/oidc"


def github_settings(github) -> dict:
    return {
        "OIDC_PROVIDERS": ["github"],
        "OIDC_GITHUB_KIND": "github",
        "OIDC_GITHUB_CLIENT_ID": CLIENT_ID,
        "OIDC_GITHUB_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_GITHUB_AUTH_URL": github.url,
        "OIDC_GITHUB_API_URL": github.api_url,  # as for GitHub Enterprise: .../api/v3
        "OIDC_RETURN_URL": f"{PAGE}#code={{code}}",
    }


@pytest.fixture
def github():
    with running_github() as github:
        yield github


@pytest.fixture
def app(make_app, github):
    return make_app(**github_settings(github))


def start(client, headers=None):
    response = client.get(f"{OIDC}/github/authorize", headers=headers or {})
    assert response.status_code == 302, response.data
    return response.location


def sign_in(client, github, login, headers=None):
    """The whole trip through GitHub; returns the fragment of the front end's page."""
    return come_back(client, github.approve(start(client, headers), login))


def test_authorize_goes_to_github_with_state_pkce_and_its_scopes(client, github):
    location = start(client)
    assert location.startswith(f"{github.url}/login/oauth/authorize?")
    query = query_of(location)
    assert query["client_id"] == CLIENT_ID and query["scope"] == "read:user user:email"
    assert query["redirect_uri"] == f"http://localhost{OIDC}/github/callback"
    assert query["code_challenge_method"] == "S256" and len(query["state"]) == 43
    assert "nonce" not in query  # no ID token to carry it


def test_a_verified_primary_address_signs_up(app, client, github):
    emails = [address("old@example.org", primary=False), address("Ada@Example.com")]
    github.add_user("ada", 101, emails, name="Ada Lovelace")
    tokens = exchange(client, sign_in(client, github, "ada")["code"])
    assert (tokens.status_code, tokens.json["message"]) == (200, "successfully logged in")
    me = client.get("/api/v1/auth/user", headers=bearer(tokens)).json
    assert (me["email"], me["email_verified"]) == ("ada@example.com", True)
    listed = client.get(IDENTITIES, headers=bearer(tokens)).json["identities"]
    assert [(item["provider"], item["email"]) for item in listed] == [("github", "ada@example.com")]
    with app.app_context():
        assert Identity.find("github", "101") is not None  # the numeric id, not the login


def test_signing_in_again_finds_the_same_user(app, client, github):
    github.add_user("ada", 101, [address("ada@example.com")])
    first = exchange(client, sign_in(client, github, "ada")["code"])
    github.add_user("ada-renamed", 101, [address("ada@example.com")])  # a new login, same id
    second = exchange(client, sign_in(client, github, "ada-renamed")["code"])
    me = [client.get("/api/v1/auth/user", headers=bearer(r)).json for r in (first, second)]
    assert me[0]["public_id"] == me[1]["public_id"]
    assert counts(app) == (1, 1)


def test_a_signed_in_user_links_github(app, client, github, create_account):
    account = create_account(email="grace@example.com")
    github.add_user("grace", 202, [address("g.hopper@example.org", verified=False)])
    assert "code" in sign_in(client, github, "grace", headers=account.headers)
    listed = client.get(IDENTITIES, headers=account.headers).json["identities"]
    assert [(item["provider"], item["email"]) for item in listed] == [
        ("github", "g.hopper@example.org")
    ]
    later = exchange(client, sign_in(client, github, "grace")["code"])
    assert client.get("/api/v1/auth/user", headers=bearer(later)).json["email"] == account.email


def test_an_unverified_primary_address_makes_no_account(app, client, github):
    emails = [
        address("eve@example.org", primary=False),
        address("victim@example.com", verified=False),
    ]
    github.add_user("eve", 303, emails)  # only the primary address counts
    assert sign_in(client, github, "eve") == {"error": "email_unverified"}
    assert counts(app) == (0, 0)


def test_no_primary_address_makes_no_account(app, client, github):
    github.add_user("ada", 101, [address("ada@example.com", primary=False)])
    assert sign_in(client, github, "ada") == {"error": "email_missing"}
    assert counts(app) == (0, 0)


def test_a_code_github_refuses_is_a_provider_error(app, client, github):
    """GitHub answers a bad code with 200 and {"error": "bad_verification_code"}."""
    github.add_user("ada", 101, [address("ada@example.com")])
    back = github.approve(start(client), "ada")
    assert come_back(client, with_query(back, code="not-a-code")) == {"error": "provider_error"}
    assert counts(app) == (0, 0)


def test_a_client_secret_github_refuses_is_a_provider_error(make_app, github):
    app = make_app(**github_settings(github) | {"OIDC_GITHUB_CLIENT_SECRET": "an-old-secret"})
    github.add_user("ada", 101, [address("ada@example.com")])
    assert sign_in(app.test_client(), github, "ada") == {"error": "provider_error"}
    assert counts(app) == (0, 0)


@pytest.mark.parametrize("user_id", [True, "101", 1.5, None], ids=repr)
def test_an_id_that_is_not_a_number_is_a_provider_error(app, client, github, user_id):
    github.add_user("ada", user_id, [address("ada@example.com")])
    assert sign_in(client, github, "ada") == {"error": "provider_error"}
    assert counts(app) == (0, 0)


@pytest.mark.parametrize(("name", "expected"), [("Ada Lovelace", "Ada Lovelace"), (None, "ada")])
def test_the_account_names_the_person_or_their_login(github, name, expected):
    github.add_user("ada", 101, [address("ada@example.com")], name=name)
    settings = {"OIDC_RETURN_URLS": [], **github_settings(github)}  # as get_config completes it
    client = registry.client(oidc_providers(settings)["github"], 5)
    back_to = "http://localhost/callback"
    url = client.authorization_url(back_to, "state", "unused-nonce", "v" * 43)
    code = query_of(github.approve(url, "ada"))["code"]
    account = client.account(code, "v" * 43, back_to, "unused-nonce")
    assert account == ProviderAccount("101", "ada@example.com", True, expected)


def test_github_beside_an_openid_connect_provider(make_app, github, provider):
    """Both kinds at once: the same verified address, signed up through one, links the other."""
    both = provider_settings(provider.issuer) | github_settings(github)
    app = make_app(**both | {"OIDC_PROVIDERS": ["mock", "github"]})
    client = app.test_client()
    listed = client.get(f"{OIDC}/providers").json["providers"]
    assert [item["name"] for item in listed] == ["mock", "github"]
    provider.add_user("ada-1", email="ada@example.com", email_verified=True)
    github.add_user("ada", 101, [address("ada@example.com")])
    first = exchange(client, oidc_sign_in(client, provider, "ada-1")["code"])
    second = exchange(client, sign_in(client, github, "ada")["code"])
    me = [client.get("/api/v1/auth/user", headers=bearer(r)).json for r in (first, second)]
    assert me[0]["public_id"] == me[1]["public_id"]
    assert counts(app) == (1, 2)


@pytest.mark.parametrize(
    ("settings", "error"), SIGN_UP_REFUSALS, ids=["closed", "invite", "domains"]
)
def test_a_github_sign_up_follows_the_sign_up_policy(make_app, github, settings, error):
    app = make_app(**github_settings(github), **settings)
    github.add_user("ada", 101, [address("ada@example.com")])
    assert sign_in(app.test_client(), github, "ada") == {"error": error}
    assert counts(app) == (0, 0)


def test_an_invited_address_signs_up_with_github(make_app, github):
    app = make_app(**github_settings(github), REGISTRATION="invite")
    app.test_cli_runner().invoke(args=["invite", "ada@example.com", "--role", "auditor"])
    github.add_user("ada", 101, [address("ada@example.com")])
    client = app.test_client()
    tokens = exchange(client, sign_in(client, github, "ada")["code"])
    assert client.get("/api/v1/auth/user", headers=bearer(tokens)).json["roles"] == ["auditor"]

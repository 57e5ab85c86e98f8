"""Who may sign up (docs/sign-up-policy.md): REGISTRATION and REGISTRATION_EMAIL_DOMAINS on both
sign-up routes, POST /auth/register and a first sign-in through a real provider; an account that
exists signs in whatever the policy, and a sign-in by code never makes an account."""

import pytest
from conftest import PASSWORD, account_in
from support.oidc_flow import SIGN_UP_REFUSALS, bearer, counts, exchange, provider_settings, sign_in

from app import create_app, db
from app.config import ConfigError
from app.mail.outbox import deliver_due_messages
from app.models import User

REGISTER = "/api/v1/auth/register"
VALIDATION_FAILED = "Input payload validation failed"
INVITATION_REQUIRED = "Registration is by invitation only: send your invitation's token."


def register(client, email: str = "ada@example.com", **extra):
    return client.post(REGISTER, json={"email": email, "password": PASSWORD, **extra})


def field_error(field: str, problem: str) -> dict:
    return {"status": "fail", "message": VALIDATION_FAILED, "errors": {field: problem}}


def users_in(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(User))


def test_open_registration_is_the_default(app, client):
    assert app.config["REGISTRATION"] == "open"
    assert register(client).status_code == 201


def test_invite_registration_needs_an_invitation(make_app):
    app = make_app(REGISTRATION="invite")
    response = register(app.test_client())
    assert (response.status_code, response.json) == (
        400,
        field_error("invitation", INVITATION_REQUIRED),
    )
    assert users_in(app) == 0


def test_closed_registration_is_403(make_app):
    app = make_app(REGISTRATION="closed")
    response = register(app.test_client(), invitation="any-token-at-all")
    assert (response.status_code, response.json) == (
        403,
        {"status": "fail", "message": "Registration is closed."},
    )
    assert users_in(app) == 0


@pytest.mark.parametrize("email", ["ada@example.com", "Ada@EXAMPLE.COM", "ada@Example.Com"])
def test_an_allowed_domain_matches_in_any_letter_case(make_app, email):
    client = make_app(REGISTRATION_EMAIL_DOMAINS=["Example.com", "example.net"]).test_client()
    assert register(client, email).status_code == 201


@pytest.mark.parametrize("allowed", ["bücher.de", "xn--bcher-kva.de", "BÜCHER.DE"])
@pytest.mark.parametrize("email", ["ada@bücher.de", "ada@XN--BCHER-KVA.de"])
def test_an_international_domain_matches_in_either_spelling(make_app, allowed, email):
    client = make_app(REGISTRATION_EMAIL_DOMAINS=[allowed]).test_client()
    assert register(client, email).status_code == 201


@pytest.mark.parametrize(
    "email", ["ada@sub.example.com", "ada@example.org", "ada@notexample.com", "ada@buecher.de"]
)
def test_other_domains_and_subdomains_are_refused(make_app, email):
    app = make_app(REGISTRATION_EMAIL_DOMAINS=["example.com", "bücher.de"])
    response = register(app.test_client(), email)
    problem = "Sign-up is open to addresses at example.com, bücher.de only."
    assert (response.status_code, response.json) == (400, field_error("email", problem))
    assert users_in(app) == 0


@pytest.mark.parametrize("policy", ["open", "invite", "closed"])
def test_a_sign_in_by_code_never_makes_an_account(make_app, mailbox_for, policy):
    app = make_app(REGISTRATION=policy)
    box = mailbox_for(app)
    response = app.test_client().post("/api/v1/auth/login/code", json={"email": "new@example.com"})
    assert response.status_code == 202
    with app.app_context():
        deliver_due_messages()
    assert (box.messages, users_in(app)) == ([], 0)


@pytest.mark.parametrize("policy", ["invite", "closed"])
def test_an_account_that_exists_logs_in_whatever_the_policy(make_app, policy):
    app = make_app(REGISTRATION=policy, REGISTRATION_EMAIL_DOMAINS=["example.org"])
    account = account_in(app, email="grace@example.com")
    body = {"email": account.email, "password": PASSWORD}
    assert app.test_client().post("/api/v1/auth/login", json=body).status_code == 200


@pytest.fixture
def provider_app(make_app, provider):
    """Factory: an app that signs in with the test's provider, with these settings."""
    return lambda **settings: make_app(**provider_settings(provider.issuer), **settings)


@pytest.mark.parametrize(
    ("settings", "error"), SIGN_UP_REFUSALS, ids=["closed", "invite", "domains"]
)
def test_a_provider_sign_up_follows_the_policy(provider_app, provider, settings, error):
    app = provider_app(**settings)
    provider.add_user("ada-1", email="ada@example.com", email_verified=True)
    assert sign_in(app.test_client(), provider, "ada-1") == {"error": error}
    assert counts(app) == (0, 0)


def test_a_provider_sign_up_in_an_allowed_domain_makes_the_account(provider_app, provider):
    app = provider_app(REGISTRATION_EMAIL_DOMAINS=["EXAMPLE.com"])
    provider.add_user("ada-1", email="Ada@example.com", email_verified=True)
    tokens = exchange(app.test_client(), sign_in(app.test_client(), provider, "ada-1")["code"])
    assert tokens.status_code == 200
    assert counts(app) == (1, 1)


@pytest.mark.parametrize("policy", ["invite", "closed"])
def test_an_account_that_exists_links_and_signs_in_through_a_provider(
    provider_app, provider, policy
):
    app = provider_app(REGISTRATION=policy, REGISTRATION_EMAIL_DOMAINS=["example.org"])
    client, account = app.test_client(), account_in(app, email="grace@example.com")
    provider.add_user("grace-1", email="grace@example.com", email_verified=True)
    for _ in range(2):  # linked by the verified address, then found by the identity
        tokens = exchange(client, sign_in(client, provider, "grace-1")["code"])
        me = client.get("/api/v1/auth/user", headers=bearer(tokens)).json
        assert me["public_id"] == account.public_id
    assert counts(app) == (1, 1)


@pytest.mark.parametrize(
    "settings",
    [
        {"REGISTRATION": "invited-only"},
        {"REGISTRATION_EMAIL_DOMAINS": ["*.example.com"]},
        {"REGISTRATION_EMAIL_DOMAINS": ["@example.com"]},
    ],
)
def test_a_policy_setting_that_means_nothing_refuses_to_start(settings):
    with pytest.raises(ConfigError):
        create_app("testing", **settings)


def test_under_invite_an_invited_address_signs_up_through_a_provider(provider_app, provider):
    app = provider_app(REGISTRATION="invite")
    runner, client = app.test_cli_runner(), app.test_client()
    assert runner.invoke(args=["invite", "ada@example.com", "--role", "editor"]).exit_code == 0
    provider.add_user("ada-1", email="ada@example.com", email_verified=True)
    tokens = exchange(client, sign_in(client, provider, "ada-1")["code"])
    assert client.get("/api/v1/auth/user", headers=bearer(tokens)).json["roles"] == ["editor"]
    listed = runner.invoke(args=["invite", "bob@example.com"])  # ada's is used up; bob's not
    assert listed.exit_code == 0
    provider.add_user("eve-1", email="eve@example.com", email_verified=True)
    assert sign_in(client, provider, "eve-1") == {"error": "invitation_required"}
    assert counts(app) == (1, 1)

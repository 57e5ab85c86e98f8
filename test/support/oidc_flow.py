"""The trip a browser makes through a sign-in provider and back, as the tests of
app/api/oidc drive it with Flask's test client: start, come back, exchange the one-time code."""

from sqlalchemy import func, select

from app import db
from app.models import Identity, User
from support.oidc_provider import fragment_of

OIDC = "/api/v1/auth/oidc"
IDENTITIES = "/api/v1/auth/identities"
PAGE = "https://app.example.com/signed-in"


def provider_settings(issuer: str) -> dict:
    return {
        "OIDC_PROVIDERS": ["mock"],
        "OIDC_MOCK_ISSUER": issuer,
        "OIDC_MOCK_CLIENT_ID": "flask-jwt-api",
        "OIDC_MOCK_CLIENT_SECRET": "not-a-real-secret",
        "OIDC_RETURN_URL": f"{PAGE}#code={{code}}",
    }


def start(client, headers=None):
    response = client.get(f"{OIDC}/mock/authorize", headers=headers or {})
    assert response.status_code == 302, response.data
    return response.location


def come_back(client, url):
    """Follow the provider's redirect to our callback; returns the fragment it sends the page."""
    response = client.get(url)
    assert response.status_code == 302 and response.location.startswith(f"{PAGE}#")
    assert response.headers["Cache-Control"] == "no-store"
    return fragment_of(response.location)


def sign_in(client, provider, subject, headers=None, **changed):
    """The whole trip, as a browser makes it; returns the fragment of the front end's page."""
    return come_back(client, provider.approve(start(client, headers), subject, **changed))


def exchange(client, code, **extra):
    return client.post(f"{OIDC}/exchange", json={"code": code, **extra})


def bearer(response):
    return {"Authorization": f"Bearer {response.json['access_token']}"}


def counts(app):
    with app.app_context():
        users = db.session.scalar(select(func.count()).select_from(User))
        identities = db.session.scalar(select(func.count()).select_from(Identity))
        return users, identities


# Each policy that refuses a first sign-in through a provider, and the error its page gets.
SIGN_UP_REFUSALS = [
    ({"REGISTRATION": "closed"}, "registration_closed"),
    ({"REGISTRATION": "invite"}, "invitation_required"),
    ({"REGISTRATION_EMAIL_DOMAINS": ["example.org"]}, "domain_not_allowed"),
]

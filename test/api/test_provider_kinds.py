"""Every kind of sign-in provider in the registry, checked at start-up by what its row declares:
each setting it requires, each URL setting (a URL; https in production), and its defaults. A new
kind is covered by these tests without a new one."""

import re

import pytest

from app import create_app
from app.config import ConfigError, get_config, oidc_providers
from app.security.providers.registry import KINDS
from app.security.sealing import new_data_key

PAGE = "https://app.example.com/signed-in#code={code}"
REQUIRED = [(name, field) for name, kind in KINDS.items() for field in kind.required]
URLS = [(name, field) for name, kind in KINDS.items() for field in kind.urls]


def settings_of(kind: str, **changed: str) -> dict:
    """A provider `p` of `kind` with every setting that kind reads, then `changed`."""
    urls = {f"OIDC_P_{field}": "https://id.example.com" for field in KINDS[kind].urls}
    complete = {"OIDC_P_KIND": kind, "OIDC_P_CLIENT_ID": "api", "OIDC_P_CLIENT_SECRET": "s"}
    changes = {f"OIDC_P_{field}": value for field, value in changed.items()}
    return {"OIDC_PROVIDERS": ["p"], "OIDC_RETURN_URL": PAGE} | complete | urls | changes


@pytest.mark.parametrize("kind", KINDS)
def test_a_provider_of_each_kind_starts(kind):
    app = create_app("testing", **settings_of(kind))
    assert app.extensions["oidc_providers"]["p"].kind == kind


@pytest.mark.parametrize(("kind", "field"), REQUIRED)
def test_a_required_setting_left_unset_stops_start_up(kind, field):
    with pytest.raises(ConfigError, match=f"OIDC_P_{field} "):
        create_app("testing", **settings_of(kind, **{field: ""}))


@pytest.mark.parametrize(("kind", "field"), URLS)
def test_a_url_setting_must_be_a_url(kind, field):
    with pytest.raises(ConfigError, match=f"OIDC_P_{field} must be the provider's URL"):
        create_app("testing", **settings_of(kind, **{field: "id.example.com"}))


@pytest.mark.parametrize(("kind", "field"), URLS)
def test_production_refuses_a_plain_http_url(kind, field):
    safe = {
        "SECRET_KEY": "k" * 40,
        "DATA_ENCRYPTION_KEYS": [new_data_key()],
        "PUBLIC_URL": "https://api.example.com",
    }
    settings = settings_of(kind, **{field: "http://id.example.com"}) | safe
    with pytest.raises(ConfigError, match=f"OIDC_P_{field} must be https"):
        create_app("production", DATABASE_URL="sqlite://", **settings)


def test_an_unknown_kind_stops_start_up():
    with pytest.raises(ConfigError, match=re.escape("OIDC_P_KIND must be oidc or github")):
        create_app("testing", **settings_of("oidc", KIND="gitlab"))


def test_github_needs_only_its_client_from_the_environment(monkeypatch):
    for name, value in {
        "OIDC_PROVIDERS": "github",
        "OIDC_GITHUB_KIND": "github",
        "OIDC_GITHUB_CLIENT_ID": "Iv1.abc",
        "OIDC_GITHUB_CLIENT_SECRET": "secret",
        "OIDC_RETURN_URL": PAGE,
    }.items():
        monkeypatch.setenv(name, value)
    github = oidc_providers(get_config("development"))["github"]
    assert github.scopes == "read:user user:email"
    assert github.urls == {"AUTH_URL": "https://github.com", "API_URL": "https://api.github.com"}

"""What a provider's ID token may claim, against a real provider: a `sub` of 1 to 255 characters
from ! to ~, else `#error=invalid_id_token` and nothing stored (never a 500, on either
database); `email_verified` vouches for the address only as JSON true or the string "true"."""

import pytest
from support.oidc_flow import bearer, counts, exchange, provider_settings, sign_in


@pytest.fixture
def app(make_app, provider):
    return make_app(**provider_settings(provider.issuer))


NOT_PRINTABLE_ASCII = ["ada\x00", "\x00", "ada\x1f1", "ada\x7f", "ada\t1", "ada 1", " ", "adé"]


@pytest.mark.parametrize("subject", [*NOT_PRINTABLE_ASCII, "ada\u200b", "s" * 256], ids=repr)
def test_a_subject_outside_printable_ascii_is_an_invalid_id_token(app, client, provider, subject):
    provider.add_user(subject, email="ada@example.com", email_verified=True)
    assert sign_in(client, provider, subject) == {"error": "invalid_id_token"}
    assert counts(app) == (0, 0)


@pytest.mark.parametrize("subject", ["!", "~" * 255, "ada|1234@example.com"])
def test_a_subject_of_printable_ascii_signs_in(app, client, provider, subject):
    provider.add_user(subject, email="ada@example.com", email_verified=True)
    assert exchange(client, sign_in(client, provider, subject)["code"]).status_code == 200
    assert counts(app) == (1, 1)


@pytest.mark.parametrize("claimed", [1, 1.0, "1", "yes", "True", "TRUE", {}, [True]], ids=repr)
def test_email_verified_other_than_true_vouches_for_nothing(
    app, client, provider, create_account, claimed
):
    create_account(email="grace@example.com")
    provider.add_user("grace-1", email="grace@example.com", email_verified=claimed)
    assert set(sign_in(client, provider, "grace-1")) == {"error"}  # no code: nobody signed in
    assert counts(app) == (1, 0)


@pytest.mark.parametrize("claimed", [True, "true"], ids=repr)
def test_email_verified_true_or_text_true_vouches(app, client, provider, create_account, claimed):
    account = create_account(email="grace@example.com")
    provider.add_user("grace-1", email="grace@example.com", email_verified=claimed)
    tokens = exchange(client, sign_in(client, provider, "grace-1")["code"])
    me = client.get("/api/v1/auth/user", headers=bearer(tokens)).json
    assert me["public_id"] == account.public_id

"""ID tokens: verified by a client with our published keys alone; their claims, at_hash and acr;
the logout hint, expired or not; the claims each scope releases."""

import hashlib
import json
from base64 import urlsafe_b64encode
from datetime import timedelta
from urllib.request import urlopen

import jwt
import pytest
from conftest import account_in, signing_settings

from app.models import User
from app.security.id_tokens import (
    IdTokenHint,
    access_token_hash,
    claims_for_scopes,
    decode_id_token_hint,
    issue_id_token,
)
from app.security.keyring import generate_private_key
from app.util.datetime_util import utc_now

ISSUER = "https://idp.example.com"
CLIENT = "client-7"
HOUR = timedelta(hours=1)


def id_token(app, **claims) -> str:
    """An ID token from `app`'s keys for CLIENT; `claims` change the defaults."""
    arguments = {
        "issuer": ISSUER,
        "subject": "user-1",
        "client_id": CLIENT,
        "auth_time": utc_now(),
        "amr": ["pwd"],
        "lifetime": HOUR,
    }
    return issue_id_token(app.extensions["id_token_keys"], **(arguments | claims))


def fetch_json(url: str) -> dict:
    with urlopen(url, timeout=5) as response:
        return json.load(response)


def test_a_client_verifies_an_id_token_from_discovery_and_the_jwks_alone(app, live_url):
    metadata = fetch_json(f"{live_url}/.well-known/openid-configuration")
    token = id_token(
        app, issuer=metadata["issuer"], nonce="n-0S6_WzA2Mj", session_id="sid-1", access_token="a"
    )
    key = jwt.PyJWKClient(metadata["jwks_uri"]).get_signing_key_from_jwt(token)
    claims = jwt.decode(
        token, key, metadata["id_token_signing_alg_values_supported"], audience=CLIENT,
        issuer=metadata["issuer"],
    )  # fmt: skip
    assert jwt.get_unverified_header(token)["alg"] == "RS256"
    assert (claims["sub"], claims["aud"], claims["azp"]) == ("user-1", CLIENT, CLIENT)
    assert (claims["nonce"], claims["sid"], claims["amr"]) == ("n-0S6_WzA2Mj", "sid-1", ["pwd"])
    assert claims["exp"] - claims["iat"] == 3600


def test_at_hash_is_the_left_half_of_the_sha256_of_the_access_token(app):
    access_token = "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"  # OpenID Connect Core, A.3
    claims = jwt.decode(
        id_token(app, access_token=access_token), options={"verify_signature": False}
    )
    left_half = hashlib.sha256(access_token.encode("ascii")).digest()[:16]
    assert claims["at_hash"] == urlsafe_b64encode(left_half).rstrip(b"=").decode()
    assert access_token_hash(access_token) == "77QmUPtjPfzWtF2AnpK9RQ"  # the spec's own value


def test_claims_not_given_are_left_out(app):
    claims = jwt.decode(id_token(app), options={"verify_signature": False})
    assert not {"nonce", "sid", "at_hash"} & claims.keys()


@pytest.mark.parametrize(
    ("amr", "acr"),
    [
        (["pwd"], "aal1"),
        (["otp"], "aal1"),
        (["pwd", "otp", "mfa"], "aal2"),
        (["hwk", "user"], "aal2"),  # a passkey with user verification
        (["hwk"], "aal1"),  # a security key touched, no PIN or face
    ],
)
def test_acr_says_whether_a_second_factor_or_a_passkey_was_used(app, amr, acr):
    claims = jwt.decode(id_token(app, amr=amr), options={"verify_signature": False})
    assert (claims["amr"], claims["acr"]) == (amr, acr)


def test_an_expired_hint_still_names_the_user_client_and_session(app, clock):
    token = id_token(app, session_id="sid-9")
    clock.shift(timedelta(days=2))
    hint = decode_id_token_hint(app.extensions["id_token_keys"], token, ISSUER)
    assert hint == IdTokenHint(sub="user-1", aud=(CLIENT,), sid="sid-9")


def forged(app, kind: str) -> str:
    """A hint that must be refused: signed by a stranger, by our HS256 secret, or garbage."""
    kid = app.extensions["id_token_keys"].signing.signing_kid
    claims = {"iss": ISSUER, "sub": "user-1", "aud": CLIENT}
    if kind == "foreign-key":
        return jwt.encode(claims, generate_private_key("RS256"), "RS256", headers={"kid": kid})
    if kind == "our-secret":  # algorithm confusion: HS256 keyed with something public
        return jwt.encode(claims, app.config["SECRET_KEY"], "HS256", headers={"kid": kid})
    return "not.a.token"


@pytest.mark.parametrize("kind", ["foreign-key", "our-secret", "garbage"])
def test_a_hint_we_did_not_sign_is_refused(app, kind):
    assert decode_id_token_hint(app.extensions["id_token_keys"], forged(app, kind), ISSUER) is None


def test_an_access_token_signed_by_the_same_key_is_no_hint(make_app, tmp_path):
    app = make_app(JWT_ISSUER=ISSUER, **signing_settings("RS256", tmp_path))
    access_token = account_in(app).token  # the RS256 ring signs ID tokens too
    assert decode_id_token_hint(app.extensions["id_token_keys"], access_token, ISSUER) is None


def test_a_hint_for_another_issuer_is_refused(app):
    token = id_token(app, issuer="https://elsewhere.example.com")
    assert decode_id_token_hint(app.extensions["id_token_keys"], token, ISSUER) is None


@pytest.mark.parametrize(
    ("scopes", "claims"),
    [
        (["openid"], {"sub"}),
        (["openid", "email"], {"sub", "email", "email_verified"}),
        (["openid", "profile"], {"sub", "name"}),
        (
            ["openid", "profile", "email", "widgets:read"],
            {"sub", "name", "email", "email_verified"},
        ),
    ],
)
def test_each_scope_releases_its_claims(app, scopes, claims):
    account = account_in(app, verified=False)
    with app.app_context():
        user = User.find_by_public_id(account.public_id)
        released = claims_for_scopes(user, scopes)
    assert released.keys() == claims
    assert released["sub"] == account.public_id
    if "email" in claims:
        assert (released["email"], released["email_verified"]) == (account.email, False)

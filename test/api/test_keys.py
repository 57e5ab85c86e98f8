"""Signing keys: kid, iss and aud, rotation with fallbacks, asymmetric keys, the JWK Set."""

import base64
import hashlib
import hmac
import json
import os
import stat

import jwt
import pytest
from click.testing import CliRunner
from conftest import account_in, signing_settings, valid_claims
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from app import create_app
from app.cli import keys
from app.config import DEV_SECRET_KEY, ConfigError
from app.security.keyring import build_keyring, generate_private_key, private_pem, public_pem

USER = "/api/v1/auth/user"
OLD_SECRET, NEW_SECRET = "old-secret-" + "o" * 40, "new-secret-" + "n" * 40


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def hand_signed(header: dict, claims: dict, secret: str) -> str:
    """An HS256 JWS built by hand, for headers PyJWT itself refuses to write."""

    def part(data: dict) -> bytes:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=")

    signing_input = part({"alg": "HS256", "typ": "JWT"} | header) + b"." + part(claims)
    signature = hmac.new(secret.encode(), signing_input, hashlib.sha256).digest()
    return (signing_input + b"." + base64.urlsafe_b64encode(signature).rstrip(b"=")).decode()


def header_of(account) -> dict:
    return jwt.get_unverified_header(account.token)


def test_every_token_names_its_key_issuer_and_audience(create_account, app):
    account = create_account()
    claims = jwt.decode(account.token, options={"verify_signature": False})
    assert header_of(account)["kid"] == app.extensions["jwt_keyring"].signing_kid
    assert (claims["iss"], claims["aud"]) == ("flask-jwt-api", "flask-jwt-api")
    assert "admin" not in claims  # never a claim other services could authorize on


@pytest.mark.parametrize(("claim", "value"), [("iss", "someone-else"), ("aud", "another-api")])
def test_a_token_for_another_issuer_or_audience_is_invalid(
    client, create_account, forge_token, claim, value
):
    token = forge_token(valid_claims(create_account()) | {claim: value})
    assert client.get(USER, headers=bearer(token)).status_code == 401


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="no-kid"),
        pytest.param({"kid": "unknown"}, id="unknown-kid"),
        pytest.param({"kid": "../../../../etc/passwd"}, id="kid-as-a-path"),
        pytest.param({"kid": 7}, id="kid-not-text"),
    ],
)
def test_a_kid_that_names_none_of_our_keys_is_invalid(app, client, create_account, headers):
    token = hand_signed(headers, valid_claims(create_account()), app.config["SECRET_KEY"])
    response = client.get(USER, headers=bearer(token))
    assert (response.status_code, response.json["message"]) == (
        401,
        "Invalid token. Please log in again.",
    )


@pytest.mark.parametrize("header", ["jku", "x5u", "jwk"])
def test_keys_offered_by_the_token_itself_are_never_used(make_app, tmp_path, header):
    """An attacker signs with their own key and points at it from the header: refused."""
    app = make_app(**signing_settings("EdDSA", tmp_path))
    attacker_key = generate_private_key("EdDSA")
    offered = {
        "jku": "http://127.0.0.1:9/jwks.json",
        "x5u": "http://127.0.0.1:9/cert.pem",
        "jwk": jwt.algorithms.OKPAlgorithm.to_jwk(attacker_key.public_key(), as_dict=True),
    }[header]
    kid = app.extensions["jwt_keyring"].signing_kid
    claims = valid_claims(account_in(app))
    token = jwt.encode(claims, attacker_key, "EdDSA", headers={"kid": kid, header: offered})
    assert app.test_client().get(USER, headers=bearer(token)).status_code == 401


def restart(app, **settings) -> None:
    """What a restart with new settings does to the keys: the ring is read again."""
    app.config.update(settings)
    app.extensions["jwt_keyring"] = build_keyring(app.config)


def test_rotating_secret_key_logs_nobody_out_until_the_fallback_goes(make_app):
    app = make_app(SECRET_KEY=OLD_SECRET)
    client, old = app.test_client(), account_in(app)
    restart(app, SECRET_KEY=NEW_SECRET, SECRET_KEY_FALLBACKS=[OLD_SECRET])
    assert client.get(USER, headers=old.headers).status_code == 200
    new = account_in(app)
    assert (
        jwt.get_unverified_header(new.token)["kid"] != jwt.get_unverified_header(old.token)["kid"]
    )
    restart(app, SECRET_KEY_FALLBACKS=[])
    response = client.get(USER, headers=old.headers)
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert client.get(USER, headers=new.headers).status_code == 200


def test_fallbacks_come_from_the_environment_as_a_list(monkeypatch):
    monkeypatch.setenv("SECRET_KEY_FALLBACKS", f"{OLD_SECRET}, {NEW_SECRET}")
    assert create_app("testing").config["SECRET_KEY_FALLBACKS"] == [OLD_SECRET, NEW_SECRET]


@pytest.mark.parametrize("fallback", [DEV_SECRET_KEY, "short"])
def test_production_refuses_a_weak_fallback(monkeypatch, fallback):
    monkeypatch.setenv("SECRET_KEY", NEW_SECRET)
    monkeypatch.setenv("SECRET_KEY_FALLBACKS", fallback)
    with pytest.raises(ConfigError, match="SECRET_KEY_FALLBACKS"):
        create_app("production")


def write_key(path, key) -> str:
    path.write_bytes(private_pem(key))
    return str(path)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        pytest.param({"JWT_ALGORITHM": "HS512"}, "JWT_ALGORITHM must be", id="unknown-algorithm"),
        pytest.param({"JWT_ALGORITHM": "EdDSA"}, "needs JWT_PRIVATE_KEY_FILE", id="no-key"),
        pytest.param(
            {"JWT_ALGORITHM": "EdDSA", "JWT_PRIVATE_KEY_FILE": "/nonexistent/key.pem"},
            "cannot read /nonexistent/key.pem",
            id="missing-file",
        ),
    ],
)
def test_a_bad_key_setting_stops_the_start(settings, message):
    with pytest.raises(ConfigError, match=message):
        create_app("testing", **settings)


def test_a_key_file_that_is_not_a_key_stops_the_start(tmp_path):
    (tmp_path / "key.pem").write_text("not a key")
    with pytest.raises(ConfigError, match="is not a PEM private key"):
        create_app("testing", JWT_ALGORITHM="EdDSA", JWT_PRIVATE_KEY_FILE=str(tmp_path / "key.pem"))


def test_an_unreadable_key_file_stops_the_start(tmp_path):
    key_file = write_key(tmp_path / "key.pem", generate_private_key("EdDSA"))
    os.chmod(key_file, 0)
    if os.access(key_file, os.R_OK):  # root reads anything: make it unreadable another way
        os.remove(key_file)
        os.mkdir(key_file)
    with pytest.raises(ConfigError, match="cannot read"):
        create_app("testing", JWT_ALGORITHM="EdDSA", JWT_PRIVATE_KEY_FILE=key_file)


@pytest.mark.parametrize(
    ("algorithm", "key"),
    [
        pytest.param("ES256", lambda: generate_private_key("EdDSA"), id="eddsa-key-for-es256"),
        pytest.param("EdDSA", lambda: generate_private_key("RS256"), id="rsa-key-for-eddsa"),
        pytest.param(
            "RS256",
            lambda: rsa.generate_private_key(public_exponent=65537, key_size=1024),
            id="rsa-1024",
        ),
        pytest.param("ES256", lambda: ec.generate_private_key(ec.SECP384R1()), id="es256-p384"),
    ],
)
def test_a_mismatched_or_weak_key_stops_the_start(tmp_path, algorithm, key):
    key_file = write_key(tmp_path / "key.pem", key())
    with pytest.raises(ConfigError, match="not a key for|2048 bits|needs a P-256 key"):
        create_app("testing", JWT_ALGORITHM=algorithm, JWT_PRIVATE_KEY_FILE=key_file)


@pytest.mark.parametrize("path", ["/.well-known/jwks.json", "/api/v1/auth/jwks.json"])
def test_jwks_with_hs256_publishes_the_id_token_key_alone(app, client, path):
    response = client.get(path)
    id_token_kid = app.extensions["id_token_keys"].signing.signing_kid
    assert response.status_code == 200
    assert [(key["kid"], key["alg"]) for key in response.json["keys"]] == [(id_token_kid, "RS256")]
    assert response.headers["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize("algorithm", ["EdDSA", "ES256", "RS256"])
def test_jwks_lists_the_signing_key_and_the_old_public_keys(make_app, tmp_path, algorithm):
    old = generate_private_key(algorithm)
    (tmp_path / "old.pub").write_bytes(public_pem(old))
    settings = signing_settings(algorithm, tmp_path) | {
        "JWT_PUBLIC_KEY_FILES": [str(tmp_path / "old.pub")]
    }
    app = make_app(**settings)
    keys_listed = app.test_client().get("/.well-known/jwks.json").json["keys"]
    assert [key["kid"] for key in keys_listed][0] == app.extensions["jwt_keyring"].signing_kid
    ours = [key for key in keys_listed if key["alg"] == algorithm]
    assert len(ours) == 2  # RS256 signs ID tokens too: no third key then
    assert len(keys_listed) == 2 if algorithm == "RS256" else 3
    assert not any("d" in key for key in keys_listed)  # never a private part


def test_keys_generate_writes_an_owner_only_key_and_never_overwrites(tmp_path):
    runner = CliRunner()
    path = tmp_path / "signing.pem"
    result = runner.invoke(keys, ["generate", "--algorithm", "EdDSA", str(path)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert (tmp_path / "signing.pem.pub").read_text().startswith("-----BEGIN PUBLIC KEY-----")
    again = runner.invoke(keys, ["generate", str(path)])
    assert again.exit_code == 1
    assert "exists" in again.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"not a key", "is not a PEM public key", id="not-pem"),
        pytest.param(None, "is not a key for EdDSA", id="rsa-public-key-for-eddsa"),
    ],
)
def test_a_bad_older_public_key_stops_the_start(tmp_path, content, message):
    old = tmp_path / "old.pub"
    old.write_bytes(content if content is not None else public_pem(generate_private_key("RS256")))
    settings = signing_settings("EdDSA", tmp_path) | {"JWT_PUBLIC_KEY_FILES": [str(old)]}
    with pytest.raises(ConfigError, match=message):
        create_app("testing", **settings)

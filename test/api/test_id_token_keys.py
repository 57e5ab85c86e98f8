"""Which key signs ID tokens: the RS256 ring's, ID_TOKEN_PRIVATE_KEY_FILE, or a per-process key
outside production; production without one refuses to start and says how to add one."""

from datetime import timedelta
from functools import cache

import jwt
import pytest
from click.testing import CliRunner
from conftest import signing_settings

from app import create_app
from app.cli import keys
from app.config import ConfigError
from app.security import id_token_keys
from app.security.id_tokens import decode_id_token_hint, issue_id_token
from app.security.keyring import generate_private_key, private_pem, public_pem
from app.security.sealing import new_data_key
from app.util.datetime_util import utc_now

ISSUER = "https://idp.example.com"


def kid_of_id_tokens(app) -> str:
    return app.extensions["id_token_keys"].signing.signing_kid


def published_kids(app) -> list[str]:
    return [key["kid"] for key in app.test_client().get("/.well-known/jwks.json").json["keys"]]


def test_an_rs256_ring_signs_id_tokens_too_and_is_published_once(make_app, tmp_path):
    app = make_app(**signing_settings("RS256", tmp_path))
    assert kid_of_id_tokens(app) == app.extensions["jwt_keyring"].signing_kid
    assert published_kids(app) == [kid_of_id_tokens(app)]


def test_the_id_token_key_file_signs_beside_an_eddsa_ring(make_app, tmp_path, id_token_key_file):
    settings = signing_settings("EdDSA", tmp_path)
    app = make_app(ID_TOKEN_PRIVATE_KEY_FILE=str(id_token_key_file), **settings)
    access_kid = app.extensions["jwt_keyring"].signing_kid
    assert published_kids(app) == [access_kid, kid_of_id_tokens(app)]
    assert app.extensions["id_token_keys"].algorithms == ["RS256", "EdDSA"]


def hint_from(app) -> str:
    keys = app.extensions["id_token_keys"]
    return issue_id_token(
        keys, issuer=ISSUER, subject="user-1", client_id="c", auth_time=utc_now(), amr=["pwd"],
        lifetime=timedelta(minutes=5),
    )  # fmt: skip


def test_an_older_id_token_key_still_verifies_hints_during_a_rotation(make_app, tmp_path):
    old, new = generate_private_key("RS256"), generate_private_key("RS256")
    (tmp_path / "old.pem").write_bytes(private_pem(old))
    (tmp_path / "old.pub").write_bytes(public_pem(old))
    (tmp_path / "new.pem").write_bytes(private_pem(new))
    old_hint = hint_from(make_app(ID_TOKEN_PRIVATE_KEY_FILE=str(tmp_path / "old.pem")))
    rotated = make_app(
        ID_TOKEN_PRIVATE_KEY_FILE=str(tmp_path / "new.pem"),
        ID_TOKEN_PUBLIC_KEY_FILES=[str(tmp_path / "old.pub")],
    )
    assert decode_id_token_hint(rotated.extensions["id_token_keys"], old_hint, ISSUER)
    assert jwt.get_unverified_header(old_hint)["kid"] in published_kids(rotated)
    assert len(published_kids(rotated)) == 2
    finished = make_app(ID_TOKEN_PRIVATE_KEY_FILE=str(tmp_path / "new.pem"))
    assert decode_id_token_hint(finished.extensions["id_token_keys"], old_hint, ISSUER) is None


def test_an_id_token_key_of_another_kind_stops_the_start(tmp_path):
    (tmp_path / "ed.pem").write_bytes(private_pem(generate_private_key("EdDSA")))
    with pytest.raises(ConfigError, match="ID_TOKEN_PRIVATE_KEY_FILE: .* is not a key for RS256"):
        create_app("testing", ID_TOKEN_PRIVATE_KEY_FILE=str(tmp_path / "ed.pem"))


@pytest.fixture
def production(monkeypatch):
    """Every other setting production needs, so only the ID-token key can be missing."""
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("DATA_ENCRYPTION_KEYS", new_data_key())
    monkeypatch.setenv("PUBLIC_URL", ISSUER)
    monkeypatch.delenv("ID_TOKEN_PRIVATE_KEY_FILE", raising=False)


@pytest.mark.usefixtures("production")
@pytest.mark.parametrize("algorithm", ["HS256", "EdDSA"])
def test_production_without_an_rs256_key_refuses_to_start_and_says_how(tmp_path, algorithm):
    with pytest.raises(ConfigError) as refused:
        create_app("production", DATABASE_URL="sqlite://", **signing_settings(algorithm, tmp_path))
    assert str(refused.value) == (
        f"ID tokens need an RS256 key and JWT_ALGORITHM={algorithm} has none: run "
        "`flask keys generate --algorithm RS256 /etc/api/id-token.pem` and set "
        "ID_TOKEN_PRIVATE_KEY_FILE=/etc/api/id-token.pem (or sign every token with RS256: "
        "JWT_ALGORITHM=RS256 and JWT_PRIVATE_KEY_FILE)"
    )


@pytest.mark.usefixtures("production")
def test_production_starts_with_an_rs256_ring(tmp_path):
    app = create_app("production", DATABASE_URL="sqlite://", **signing_settings("RS256", tmp_path))
    assert kid_of_id_tokens(app) == app.extensions["jwt_keyring"].signing_kid


@pytest.mark.usefixtures("production")
def test_production_starts_with_the_key_the_message_tells_of(tmp_path, monkeypatch):
    path = tmp_path / "id-token.pem"
    generated = CliRunner().invoke(keys, ["generate", "--algorithm", "RS256", str(path)])
    monkeypatch.setenv("ID_TOKEN_PRIVATE_KEY_FILE", str(path))
    app = create_app("production", DATABASE_URL="sqlite://")
    assert f"kid {kid_of_id_tokens(app)}." in generated.output


def test_without_a_key_one_is_made_for_the_process_and_announced_once(
    make_app, caplog, monkeypatch
):
    fresh = cache(id_token_keys._development_key.__wrapped__)
    monkeypatch.setattr(id_token_keys, "_development_key", fresh)  # as in a new process
    first, second = make_app(), make_app()
    assert kid_of_id_tokens(first) == kid_of_id_tokens(second)
    announced = [r for r in caplog.records if "made for this process only" in r.getMessage()]
    assert len(announced) == 1

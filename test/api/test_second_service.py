"""Another service verifies our access tokens from the JWK Set alone; keys rotate under it.

The API runs under gunicorn with EdDSA keys made by `flask keys generate`. The second service is
a separate Python process that knows only the JWKS URL, and uses PyJWT's PyJWKClient, as a
team's other service would.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from uuid import uuid4

import jwt
import pytest
from support.calls import call

from app.security.sealing import new_data_key
from bench.servers import Gunicorn, id_token_key_file

pytestmark = pytest.mark.slow  # starts gunicorn and a second service

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-9"
VERIFIER = """
import json, sys, jwt
jwks_url, token = sys.argv[1], sys.stdin.read().strip()
key = jwt.PyJWKClient(jwks_url).get_signing_key_from_jwt(token)
ours = {"audience": "flask-jwt-api", "issuer": "flask-jwt-api"}
print(json.dumps(jwt.decode(token, key, algorithms=["EdDSA"], **ours)))
"""


class Deployment:
    """The API under gunicorn on one SQLite file; restart() applies new key settings."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.env = os.environ | {
            "FLASK_APP": "run.py",
            "FLASK_CONFIG": "production",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "DATA_ENCRYPTION_KEYS": new_data_key(),
            "PUBLIC_URL": "http://127.0.0.1",
            "DATABASE_URL": f"sqlite:///{workdir / 'api.db'}",
            "BCRYPT_LOG_ROUNDS": "12",
            "RATELIMIT_ENABLED": "false",
            "MAIL_WORKER_ENABLED": "false",
            "GUNICORN_WORKERS": "2",
            "JWT_ALGORITHM": "EdDSA",
            "ID_TOKEN_PRIVATE_KEY_FILE": id_token_key_file(),  # ID tokens are RS256
        }
        self.server: Gunicorn | None = None
        self.env["JWT_PRIVATE_KEY_FILE"] = str(self.new_key())  # the app starts only with a key
        self.flask("db", "upgrade")

    def flask(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "flask", *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def new_key(self) -> Path:
        path = self.workdir / f"key-{uuid4().hex[:8]}.pem"
        self.flask("keys", "generate", "--algorithm", "EdDSA", str(path))
        return path

    def restart(self, private_key: Path, *older_public_keys: Path) -> None:
        if self.server:
            self.server.stop()
        self.env["JWT_PRIVATE_KEY_FILE"] = str(private_key)
        self.env["JWT_PUBLIC_KEY_FILES"] = ",".join(f"{key}.pub" for key in older_public_keys)
        log = self.workdir / f"gunicorn-{uuid4().hex[:6]}.log"
        self.server = Gunicorn("run:app", self.env, "/api/v1/health", log)

    @property
    def url(self) -> str:
        assert self.server
        return self.server.url

    def register(self) -> str:
        body = {"email": f"{uuid4().hex[:10]}@example.com", "password": PASSWORD}
        status, tokens = call("POST", f"{self.url}/api/v1/auth/register", body)
        assert status == 201
        return tokens["access_token"]

    def kids(self) -> list[str]:
        """The access-token keys listed; the ID-token key (RS256) follows them."""
        keys = call("GET", f"{self.url}/.well-known/jwks.json")[1]["keys"]
        return [key["kid"] for key in keys if key["alg"] == "EdDSA"]


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    deployment = Deployment(tmp_path_factory.mktemp("second-service"))
    yield deployment
    if deployment.server:
        deployment.server.stop()


def verify_elsewhere(jwks_url: str, token: str) -> dict:
    """The second service: a separate process with the JWKS URL and the token, nothing else."""
    done = subprocess.run(
        [sys.executable, "-c", VERIFIER, jwks_url], input=token, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def kid_of(token: str) -> str:
    return jwt.get_unverified_header(token)["kid"]


def test_another_service_verifies_our_tokens_from_the_jwks_alone(deployment):
    deployment.restart(deployment.new_key())
    token = deployment.register()
    claims = verify_elsewhere(f"{deployment.url}/.well-known/jwks.json", token)
    assert claims["type"] == "access"
    assert (
        claims["sub"]
        == call("GET", f"{deployment.url}/api/v1/auth/user", token=token)[1]["public_id"]
    )


def test_a_rotation_keeps_old_tokens_until_the_old_key_is_removed(deployment):
    old_key = deployment.new_key()
    deployment.restart(old_key)
    old_token = deployment.register()

    new_key = deployment.new_key()
    deployment.restart(new_key, old_key)  # step 1: sign with the new key, still verify the old
    assert call("GET", f"{deployment.url}/api/v1/auth/user", token=old_token)[0] == 200
    new_token = deployment.register()
    assert kid_of(new_token) != kid_of(old_token)
    assert deployment.kids() == [kid_of(new_token), kid_of(old_token)]
    jwks_url = f"{deployment.url}/api/v1/auth/jwks.json"
    assert verify_elsewhere(jwks_url, old_token)["sub"]
    assert verify_elsewhere(jwks_url, new_token)["sub"]

    deployment.restart(new_key)  # step 2, once old tokens have expired: drop the old key
    status, body = call("GET", f"{deployment.url}/api/v1/auth/user", token=old_token)
    assert (status, body["message"]) == (401, "Invalid token. Please log in again.")
    assert deployment.kids() == [kid_of(new_token)]
    assert call("GET", f"{deployment.url}/api/v1/auth/user", token=new_token)[0] == 200

"""`pip install .` gives an app that imports and serves, with no help from this checkout.

Building a wheel and installing it with its dependencies into a new virtualenv takes a while and
needs the package index, so those tests run under CI=true (or PACKAGING_TEST=true) only.
"""

import json
import os
import secrets
import subprocess
import sys
import tomllib
from pathlib import Path
from urllib.request import urlopen

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from app.security.sealing import new_data_key
from bench.servers import free_port, id_token_key_file, wait_for

pytestmark = pytest.mark.slow  # builds and installs the wheel

REPO = Path(__file__).resolve().parents[2]

builds_a_wheel = pytest.mark.skipif(
    os.environ.get("CI") != "true" and os.environ.get("PACKAGING_TEST") != "true",
    reason="packaging test skipped: it builds and installs a wheel; set PACKAGING_TEST=true",
)


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a command, failing the test with its output if it fails."""
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the wheel of this project and only what it declares."""
    work = tmp_path_factory.mktemp("packaging")
    run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", work / "dist", REPO, cwd=work
    )
    run(sys.executable, "-m", "venv", work / "venv", cwd=work)
    pip = work / "venv/bin/pip"
    run(
        pip,
        "install",
        "-q",
        "--disable-pip-version-check",
        *(work / "dist").glob("*.whl"),
        cwd=work,
    )
    return work


@builds_a_wheel
def test_the_app_is_imported_from_the_installed_wheel(installed):
    python = installed / "venv/bin/python"
    where = run(python, "-c", "import app; print(app.__file__)", cwd=installed)
    assert where.startswith(str(installed / "venv"))


@builds_a_wheel
def test_the_installed_app_serves_health_under_gunicorn(installed):
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        "FLASK_CONFIG": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATA_ENCRYPTION_KEYS": new_data_key(),
        "ID_TOKEN_PRIVATE_KEY_FILE": id_token_key_file(),
        "PUBLIC_URL": "http://127.0.0.1",
        "DATABASE_URL": f"sqlite:///{installed / 'api.db'}",
    }
    command = [installed / "venv/bin/gunicorn", "-b", f"127.0.0.1:{port}", "app:create_app()"]
    with (installed / "gunicorn.log").open("w") as log:
        server = subprocess.Popen(command, cwd=installed, env=env, stdout=log, stderr=log)
        try:
            url = f"http://127.0.0.1:{port}/api/v1/health"
            wait_for(url, why=f"see {log.name}", process=server)
            with urlopen(url, timeout=5) as response:
                body = json.load(response)
                assert (response.status, body["status"]) == (200, "ok")
        finally:
            server.terminate()
            server.wait(timeout=30)


@builds_a_wheel
def test_the_installed_app_migrates_an_empty_database_from_any_folder(installed, tmp_path):
    database = tmp_path / "fresh.db"
    env = {
        "PATH": os.environ["PATH"],
        "FLASK_APP": "app:create_app()",
        "FLASK_CONFIG": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATA_ENCRYPTION_KEYS": new_data_key(),
        "ID_TOKEN_PRIVATE_KEY_FILE": id_token_key_file(),
        "PUBLIC_URL": "http://127.0.0.1",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    flask = installed / "venv/bin/flask"
    run(flask, "db", "upgrade", cwd=tmp_path, env=env)  # tmp_path: far from this checkout
    assert "(head)" in run(flask, "db", "current", cwd=tmp_path, env=env)
    assert not (tmp_path / "migrations").exists()


def test_every_declared_dependency_is_pinned_in_requirements_txt():
    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    lines = (REPO / "requirements.txt").read_text().splitlines()
    pins = [Requirement(line.split("#")[0]) for line in lines if line.split("#")[0].strip()]
    pinned = {canonicalize_name(pin.name): pin.specifier for pin in pins}
    for dependency in map(Requirement, declared):
        pin = pinned.get(canonicalize_name(dependency.name))
        assert pin is not None, f"{dependency.name} is declared but not pinned"
        assert dependency.specifier.contains(str(pin).removeprefix("==")), (dependency, pin)


@builds_a_wheel
def test_the_installed_app_renders_its_email_templates(installed):
    python = installed / "venv/bin/python"
    script = (
        "from app import create_app\n"
        "from app.mail.messages import verification_email\n"
        "with create_app('testing').app_context():\n"
        "    print(verification_email('ada@example.com', 'a.b.c').subject)\n"
    )
    assert run(python, "-c", script, cwd=installed).strip() == "Confirm your email address"

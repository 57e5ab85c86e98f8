"""The layers (docs/development.md) hold for every namespace, including one added tomorrow:
what import-linter cannot check about its own contracts."""

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_every_namespace_is_in_the_independence_contract():
    """A package under app/api/ left out of the list would import other namespaces unchecked."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = settings["tool"]["importlinter"]["contracts"]
    (independence,) = [contract for contract in contracts if contract["type"] == "independence"]
    packages = {
        f"app.api.{folder.name}"
        for folder in (ROOT / "app" / "api").iterdir()
        if folder.is_dir() and any(folder.glob("*.py"))
    }
    missing = sorted(packages - set(independence["modules"]))
    assert not missing, f"add {', '.join(missing)} to {independence['name']!r} in pyproject.toml"


@pytest.mark.slow  # starts a Python process
def test_importing_a_use_case_does_not_build_the_api():
    """The CLI imports use cases; the Api, its namespaces and flask-restx come with create_app."""
    code = (
        "import sys, app.api.auth.business, app.cli; "
        "print(sorted({'flask_restx', 'app.api.blueprint'} & set(sys.modules)))"
    )
    ran = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert ran.stdout.strip() == "[]"

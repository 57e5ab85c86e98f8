"""The layers (README, "Layers") hold for every namespace, including one added tomorrow:
what import-linter cannot check about its own contracts."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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

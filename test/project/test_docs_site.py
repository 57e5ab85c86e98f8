"""The documentation site builds with `mkdocs build --strict` (a broken link or anchor fails it),
and holds the settings reference and every guide."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import skip_outside_ci

from app.config import SETTINGS

pytestmark = pytest.mark.slow  # runs mkdocs in its own process

REPO = Path(__file__).resolve().parents[2]
MKDOCS = Path(sys.executable).parent / "mkdocs"
PAGES = [
    "getting-started",
    "guides/swagger-ui",
    "guides/httpie",
    "guides/cli",
    "guides/spa",
    "guides/mobile",
    "security-model",
    "SECURITY",
    "operations/deployment",
    "operations/running",
    "operations/keys",
    "operations/providers",
    "API",
    "settings",
    "upgrading",
    "changelog",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not MKDOCS.exists():
        skip_outside_ci("mkdocs is not installed: `make docs` installs requirements_docs.txt")
    folder = tmp_path_factory.mktemp("site")
    build = subprocess.run(
        [str(MKDOCS), "build", "--strict", "--site-dir", str(folder)],
        cwd=REPO,
        env=os.environ | {"NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    return folder


@pytest.mark.parametrize("page", PAGES)
def test_the_strict_build_has_the_page(site, page):
    assert (site / page / "index.html").is_file()


def test_the_built_settings_page_names_every_setting(site):
    html = (site / "settings" / "index.html").read_text()
    assert [name for name in SETTINGS if f"<code>{name}</code>" not in html] == []


def test_the_built_changelog_holds_the_changelog(site):
    assert "Keep a Changelog" in (site / "changelog" / "index.html").read_text()

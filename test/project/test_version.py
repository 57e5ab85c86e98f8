"""One version: pyproject.toml's, as installed, is what both API documents and the changelog's
newest release say."""

import re
from importlib.metadata import version
from pathlib import Path

CHANGELOG = Path(__file__).resolve().parents[2] / "CHANGELOG.md"
RELEASE_HEADING = re.compile(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", re.MULTILINE)


def newest_release() -> str:
    """The version of the changelog's first dated heading ([Unreleased] has no date)."""
    match = RELEASE_HEADING.search(CHANGELOG.read_text())
    assert match, "CHANGELOG.md has no heading such as ## [1.0.0] - 2026-12-02"
    return match.group(1)


def test_both_documents_carry_the_package_version_that_the_changelog_releases(client):
    swagger = client.get("/api/v1/swagger.json").json
    openapi = client.get("/api/v1/openapi.json").json
    package = version("flask-jwt-api")
    assert (swagger["info"]["version"], openapi["info"]["version"]) == (package, package)
    assert newest_release() == package


def test_the_changelog_keeps_an_unreleased_heading_above_the_releases():
    text = CHANGELOG.read_text()
    assert "## [Unreleased]" in text
    assert text.index("## [Unreleased]") < RELEASE_HEADING.search(text).start()

"""The TypeScript client of examples/typescript: generated from the live openapi.json with
openapi-typescript and compiled by tsc against its usage file, as a product team's front end
would build it. A route or a field the API drops, or renames, breaks that build here first.

Node and npm come from Debian (.ci/run installs them); the npm packages are those pinned in
the example's package-lock.json, installed into the test's temporary folder.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import skip_outside_ci

pytestmark = pytest.mark.slow  # installs npm packages, against `flask run`

EXAMPLE = Path(__file__).parents[2] / "examples" / "typescript"


def npm(folder: Path, *args: str, **environment: str) -> subprocess.CompletedProcess:
    command = shutil.which("npm") or skip_outside_ci("npm is not installed: apt-get install npm")
    return subprocess.run(
        [command, *args],
        cwd=folder,
        env=os.environ | environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def project(live_server, tmp_path_factory) -> Path:
    """A copy of the example, its packages installed and its client generated."""
    folder = tmp_path_factory.mktemp("typescript")
    for name in ("package.json", "package-lock.json", "tsconfig.json", "usage.ts"):
        shutil.copy(EXAMPLE / name, folder)
    installed = npm(folder, "ci", "--no-audit", "--no-fund", "--loglevel=error")
    assert installed.returncode == 0, installed.stderr
    url = f"{live_server.url}/api/v1/openapi.json"
    generated = npm(folder, "run", "generate", OPENAPI_URL=url)
    assert generated.returncode == 0, generated.stderr
    return folder


def test_the_generated_client_compiles_with_the_usage_file(project):
    checked = npm(project, "run", "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "export interface paths" in (project / "api.d.ts").read_text()


def test_a_route_the_api_does_not_have_does_not_compile(project):
    (project / "wrong.ts").write_text(
        'import createClient from "openapi-fetch";\n'
        'import type { paths } from "./api";\n'
        "const api = createClient<paths>({});\n"
        'api.GET("/auth/nothing-here", {});\n'
    )
    (project / "tsconfig.wrong.json").write_text(
        '{"extends": "./tsconfig.json", "files": ["wrong.ts"]}'
    )
    checked = npm(project, "exec", "--", "tsc", "-p", "tsconfig.wrong.json")
    assert checked.returncode != 0
    assert "/auth/nothing-here" in checked.stdout

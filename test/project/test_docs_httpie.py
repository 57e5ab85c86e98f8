"""The httpie commands of the README and of docs/guides/httpie.md, run verbatim, in order, with
the real `http` against a live server: no documented command goes untested."""

import re
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # runs the documents against `flask run`

REPO = Path(__file__).resolve().parents[2]
# Each document, and its sections that hold commands, in the order they run.
DOCUMENTS = {
    REPO / "README.md": ("## Try it with httpie",),
    REPO / "docs" / "guides" / "httpie.md": (
        "## Register, log in, log out",
        "## Widgets",
        "## Your account",
        "## Browser sessions",
        "## Two-factor authentication",
        "## Personal access tokens",
    ),
}
ADMIN_PASSWORD = "admin-pass-123"  # what the guide says to type at `flask add-user`
PASTE = "paste-the-token-here"  # where the guide asks for the token from the server's terminal

# What each documented command must answer, in order: (status line or None, texts in the output).
EXPECTED = [
    (None, []),  # README: TOKEN=$(http ... register lin ...)
    ("200 OK", ['"email": "lin@example.com"', "Cache-Control: no-store"]),
    ("201 CREATED", ["Cache-Control: no-store", '"message": "successfully registered"']),
    (None, []),  # TOKEN=$(http ... login ...)
    ("200 OK", ['"email": "ada@example.com"', '"token_expires_in": "00:1']),
    ("200 OK", ['"message": "successfully logged out"']),
    (
        "401 UNAUTHORIZED",
        [
            'WWW-Authenticate: Bearer realm="registered_users@mydomain.com", '
            'error="invalid_token", error_description="Token blacklisted. Please log in again."'
        ],
    ),
    (None, []),  # REFRESH=$(http ... login ...)
    ("200 OK", ['"message": "successfully refreshed"', '"refresh_token": "ey']),
    (None, ["Added admin admin@example.com"]),  # flask add-user --admin
    (None, []),  # ADMIN=$(http ... login ...)
    ("201 CREATED", ["Location: /api/v1/widgets/solar-panel", "New widget added: solar-panel."]),
    ("201 CREATED", ["Location: /api/v1/widgets/wind-turbine"]),
    ("200 OK", ['Link: </api/v1/widgets?page=1&per_page=5>; rel="self"', "Total-Count: 2"]),
    ("200 OK", ['"name": "solar-panel"', '"owner": {"email": "admin@example.com"']),
    ("200 OK", ['"info_url": "https://example.com/solar-v2"']),
    ("204 NO CONTENT", []),
    ("201 CREATED", []),  # bob registers
    (None, []),  # BOB=$(http ... login ...)
    ("403 FORBIDDEN", ['error="insufficient_scope"', "You are not an administrator"]),
    (None, []),  # TOKEN=$(http ... login ...)
    ("200 OK", ['"message": "password changed"', "Cache-Control: no-store"]),
    ("401 UNAUTHORIZED", ["Token blacklisted. Please log in again."]),
    ("202 ACCEPTED", ["If that address is registered, we have sent it a reset link."]),
    (None, []),  # RESET_TOKEN=... from the server's terminal
    ("200 OK", ["password reset; log in with the new password"]),
    (None, []),  # TOKEN=$(http ... login ...)
    ("204 NO CONTENT", []),
    (None, []),  # CSRF=$(http ... register ... refresh_transport=cookie)
    ("200 OK", ['"message": "successfully refreshed"', "HttpOnly; Path=/; SameSite=Strict"]),
    ("403 FORBIDDEN", ['"message": "CSRF check failed."']),
    ("200 OK", ['"message": "successfully logged out"', "Set-Cookie: refresh=;"]),
    ("400 BAD REQUEST", ["or the refresh cookie (fetch needs credentials:"]),
    (None, []),  # TOKEN=$(http ... register hopper ...)
    (None, []),  # SECRET=$(http ... mfa/totp ...)
    ("200 OK", ['"recovery_codes": [']),
    (None, []),  # MFA=$(http ... login ...)
    ("200 OK", ['"message": "successfully logged in"', '"refresh_token": "ey']),
    (None, []),  # ADMIN=$(http ... login ...)
    (None, []),  # PAT=$(http ... auth/tokens ...)
    ("200 OK", ['"items": [']),
    ("201 CREATED", ["New widget added: heat-pump."]),
    ("403 FORBIDDEN", ['scope="users:read"', "Your token's scope does not include this"]),
    ("200 OK", ['"name": "deploy script"', '"last_used_ip": "127.0.0.1"']),
    ("200 OK", ['"scope": "widgets:read"', '"token_type": "Bearer"', "Cache-Control: no-store"]),
    ("200 OK", []),
    ("401 UNAUTHORIZED", ["Token blacklisted. Please log in again."]),
]


def walkthrough_commands() -> list[str]:
    """Every command of the documents' httpie sections, in order."""
    commands = []
    for document, titles in DOCUMENTS.items():
        text = document.read_text()
        for title in titles:
            assert f"\n{title}\n" in text, f"{document.name} has no section {title!r}"
            section = text.split(f"\n{title}\n", 1)[1].split("\n## ", 1)[0]
            for block in re.findall(r"```console\n(.*?)```", section, re.DOTALL):
                commands += [line for line in block.splitlines() if line.strip()]
    return commands


def run_walkthrough(live_server, commands: list[str], httpie_config: Path) -> list[str]:
    """Run the commands in one shell, as a reader would; returns each command's output."""
    script = [
        "set -u",
        # Not a terminal here: show status and headers too, and don't read stdin as a body.
        'http() { command http --ignore-stdin --print=hb "$@"; }',
        f"flask() {{ printf '{ADMIN_PASSWORD}\\n{ADMIN_PASSWORD}\\n' | command flask \"$@\"; }}",
        # The reader copies the token from the server's terminal; its log is that terminal here.
        "server_token() { for _ in $(seq 100); do "
        f"t=$(grep -A1 'password-reset/confirm:$' {live_server.log.name} | tail -1); "
        '[ -n "$t" ] && echo "$t" && return; sleep 0.1; done; }',
    ]
    for number, command in enumerate(commands):
        command = command.replace(":5000/", f":{live_server.port}/")
        script += [f"echo '@@@ {number}'", command.replace(PASTE, "$(server_token)")]
    shell = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        env=live_server.env | {"HTTPIE_CONFIG_DIR": str(httpie_config)},  # its named sessions
        capture_output=True,
        text=True,
        timeout=120,
    )
    return re.split(r"^@@@ \d+\n", shell.stdout, flags=re.MULTILINE)[1:]


def test_the_documented_commands_match_expectations():
    assert len(walkthrough_commands()) == len(EXPECTED), (
        "documented commands changed: update EXPECTED"
    )


@pytest.mark.parametrize(("number", "expected"), list(enumerate(EXPECTED)))
def test_documented_command(live_server, documented_outputs, number, expected):
    status, texts = expected
    output = documented_outputs[number]
    if status:
        assert output.startswith(f"HTTP/1.1 {status}"), output
    for text in texts:
        assert text in output, output


@pytest.fixture(scope="module")
def documented_outputs(live_server, tmp_path_factory):
    httpie_config = tmp_path_factory.mktemp("httpie")
    return run_walkthrough(live_server, walkthrough_commands(), httpie_config)

"""panva's openid-client as a relying party (test/clients/openid-client/rp.mjs): run one flow
against a provider and get back, as data, what the library observed."""

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

RP_FOLDER = Path(__file__).resolve().parents[1] / "clients" / "openid-client"


class RelyingPartyFailed(AssertionError):
    """openid-client refused the provider's answer, or the flow broke: `error` is what rp.mjs
    reported of it (name, code, status, OAuth error, cause), empty if it reported nothing."""

    def __init__(self, message: str, error: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.error = error or {}


def missing_tools() -> str | None:
    """Why rp.mjs cannot run here (no node, or `make node-clients` not run), or None."""
    if shutil.which("node") is None:
        return "node is not installed: apt-get install nodejs npm"
    if not (RP_FOLDER / "node_modules" / "openid-client").is_dir():
        return f"openid-client is not installed in {RP_FOLDER}: run `make node-clients`"
    return None


def run_flow(flow: str, ca: Path, timeout: float = 60, **settings: str) -> dict[str, Any]:
    """Run `node rp.mjs flow` with `settings` (ISSUER, CLIENT_ID, ...) in its environment,
    trusting the certificate `ca` through NODE_EXTRA_CA_CERTS alone; returns its report."""
    env = os.environ | settings | {"NODE_EXTRA_CA_CERTS": str(ca)}
    env.pop("NODE_TLS_REJECT_UNAUTHORIZED", None)  # "0" would switch every check off
    completed = subprocess.run(
        ["node", "rp.mjs", flow],
        cwd=RP_FOLDER,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    try:
        report = json.loads(completed.stdout)
    except json.JSONDecodeError:
        raise RelyingPartyFailed(f"rp.mjs {flow} printed no JSON: {completed}") from None
    if completed.returncode != 0 or "error" in report:
        error = report.get("error")
        raise RelyingPartyFailed(f"rp.mjs {flow}: {error}\n{completed.stderr}", error)
    return report

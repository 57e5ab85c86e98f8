"""The development server, `flask run` (what `make run` starts): where it serves, the passkey
settings that follow from that, and the banner that says where to go.

Nothing here acts under gunicorn, in tests, or in another `flask` command: each function starts
from served_by_flask_run(), which is None there.
"""

import ipaddress
import logging
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import click

from app.ops.logs import ANSI_STYLE

# werkzeug's own start-up lines (serving.py, run_simple), which the banner says instead.
WERKZEUG_START_UP = ("WARNING: This is a development server.", "Press CTRL+C to quit")


@dataclass(frozen=True)
class Served:
    """Where a browser on this machine reaches the development server."""

    scheme: str
    host: str
    port: int

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"


def served_by_flask_run() -> Served | None:
    """Where `flask run` is about to serve (its --host, --port and --cert), or None when
    something else loads the app."""
    context = click.get_current_context(silent=True)
    if context is None or context.command.name != "run" or "port" not in context.params:
        return None
    scheme = "https" if context.params.get("cert") else "http"
    return Served(scheme, browser_host(context.params["host"]), context.params["port"])


def browser_host(host: str) -> str:
    """The name to open the server at: an address (127.0.0.1, 0.0.0.0, ::) becomes localhost,
    because a passkey's RP ID must be a domain, never an IP address, and over plain HTTP
    browsers offer passkeys on localhost alone."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host
    return "localhost"


def flask_run_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    """WEBAUTHN_RP_ID and WEBAUTHN_ORIGINS for where `flask run` serves, each one unless the
    operator set it (the defaults name port 5000, which `make run PORT=8000` does not serve);
    none under REFUSE_UNSAFE_SETTINGS, where production names its own."""
    served = served_by_flask_run()
    if served is None or settings["REFUSE_UNSAFE_SETTINGS"]:
        return {}
    derived: dict[str, Any] = {
        "WEBAUTHN_RP_ID": served.host,
        "WEBAUTHN_ORIGINS": [served.origin],
    }
    return {name: value for name, value in derived.items() if name not in os.environ}


def banner(served: Served, passkey_origins: list[str]) -> str:
    """One block for the terminal: the pages to open, and what the server is not for."""
    api = f"{served.origin}/api/v1"
    lines = [
        "Flask JWT API is serving. Open Swagger UI to try every operation:",
        "",
        f"    Swagger UI  {api}/ui",
        f"    API root    {api}",
        f"    OpenAPI     {api}/openapi.json",
        "    Docs        README.md and docs/ in this folder",
        f"    Passkeys    on pages from {', '.join(passkey_origins)} (WEBAUTHN_ORIGINS)",
        "",
        "WARNING: This is a development server. Do not use it in a production deployment:",
        "`make serve` runs gunicorn. Press CTRL+C to quit.",
    ]
    rule = "-" * max(len(line) for line in lines)
    return "\n".join([rule, *lines, rule])


class BannerForStartUp(logging.Filter):
    """Shows the banner in place of werkzeug's start-up lines, once the port is bound.

    Those lines were one log record holding a newline, which the log escapes (app/ops/logs.py)
    and so showed the address after a literal `\\n`; the banner is written to the terminal
    as it is, like Flask's own ` * Serving Flask app` line.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def filter(self, record: logging.LogRecord) -> bool:
        message = ANSI_STYLE.sub("", record.getMessage())
        if not message.startswith(WERKZEUG_START_UP):
            return True
        if message.startswith(WERKZEUG_START_UP[0]):
            sys.stderr.write(f"{self.text}\n")
            sys.stderr.flush()
        return False


def announce_flask_run(settings: Mapping[str, Any]) -> None:
    """Under `flask run`, put the banner in werkzeug's place; a second app in the process
    replaces the first one's."""
    served = served_by_flask_run()
    if served is None:
        return
    werkzeug = logging.getLogger("werkzeug")
    for old in [each for each in werkzeug.filters if isinstance(each, BannerForStartUp)]:
        werkzeug.removeFilter(old)
    werkzeug.addFilter(BannerForStartUp(banner(served, settings["WEBAUTHN_ORIGINS"])))

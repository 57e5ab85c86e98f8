"""What a newcomer's first `make run` screen shows: werkzeug's lines without colour codes."""

import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # starts `flask run` (shared with the other live-server tests)


def test_the_development_server_log_has_no_escaped_colour_codes(live_server):
    with pytest.raises(urllib.error.HTTPError):  # werkzeug colours a 404 line yellow
        urllib.request.urlopen(f"{live_server.url}/api/v1/no-such-page%1b[31m")
    log = Path(live_server.log.name).read_text()
    assert "WARNING: This is a development server." in log
    (line,) = [line for line in log.splitlines() if "GET /api/v1/no-such-page" in line]
    assert "\\x1b[33m" not in line and "\x1b" not in line
    assert "no-such-page%1b[31m" in line  # what the client sent stays as sent

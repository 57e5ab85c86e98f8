"""The app as `make run` serves it: `flask run` in its own process, on a SQLite file."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the virtualenv's flask and http


class LiveServer:
    """A development server on a free port of 127.0.0.1, stopped by close()."""

    def __init__(self, workdir: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = os.environ | {
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "FLASK_APP": "run.py",
            "FLASK_CONFIG": "development",
            "DATABASE_URL": f"sqlite:///{workdir / 'api.db'}",
        }
        self.flask("db", "upgrade")
        command = [str(BIN / "flask"), "run", "--port", str(self.port)]
        self.log = open(workdir / "server.log", "w")  # noqa: SIM115 (closed in close())
        self.process = subprocess.Popen(
            command, cwd=REPO, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        self._wait_until_healthy()

    def flask(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        """Run a `flask` command against the server's database."""
        return subprocess.run(
            [str(BIN / "flask"), *args],
            cwd=REPO,
            env=self.env,
            input=input,
            capture_output=True,
            text=True,
            check=True,
        )

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()

    def _wait_until_healthy(self, seconds: float = 20) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: see {self.log.name}")
            try:
                with urlopen(f"{self.url}/api/v1/health", timeout=1):
                    return
            except (URLError, ConnectionError):
                time.sleep(0.1)  # polling for start-up, not waiting for time to pass
        raise RuntimeError(f"the server did not answer within {seconds} s")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]

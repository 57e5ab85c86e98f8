"""The app as `make run` serves it: `flask run` in its own process, on a SQLite file."""

import os
import subprocess
import sys
from pathlib import Path

from bench.servers import free_port, wait_for

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent  # the virtualenv's flask and http


class LiveServer:
    """A development server on a free port of 127.0.0.1, stopped by close()."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
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
        wait_for(f"{self.url}/api/v1/health", why=f"see {self.log.name}", process=self.process)

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

"""A PostgreSQL server of a test's own, on a free port: it can be stopped and started under load
without touching the machine's shared server. Needs Debian's PostgreSQL binaries and either the
`postgres` account (when run as root) or an ordinary account to run them as."""

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.servers import free_port


def postgres_bin() -> Path | None:
    """The newest installed server's bin folder, if any."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


class PostgresServer:
    """initdb into a temporary folder, then pg_ctl start/stop on 127.0.0.1:<free port>."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="pg-"))
        self.data = self.folder / "data"
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        self._run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self._run_as:
            shutil.chown(self.folder, "postgres")
        self._ctl("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust")
        self.start()

    def start(self) -> None:
        """Start and return once it accepts connections."""
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        log = str(self.folder / "server.log")
        self._ctl("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        """Stop as an operator's restart would: connections are ended, nothing waits for them."""
        self._ctl("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def close(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _ctl(self, program: str, *args: str) -> None:
        command = [*self._run_as, str(self.bin_dir / program), *args]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

"""Start and stop gunicorn with the production settings file, and read its workers' memory."""

import os
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from functools import cache
from pathlib import Path
from urllib.request import urlopen

from app.security.keyring import generate_private_key, private_pem
from app.security.sealing import new_data_key

REPO = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


class Gunicorn:
    """`gunicorn -c gunicorn.conf.py <app>` on 127.0.0.1, on `port` or a free one; `workers`
    overrides the file's count (gunicorn.conf.py's own default when None). With `certificate`
    (cert.pem, key.pem) it serves HTTPS itself, as a deployment without a proxy in front would."""

    def __init__(
        self,
        app: str,
        env: dict[str, str],
        ready_path: str,
        log: Path,
        workers: int | None = None,
        port: int | None = None,
        certificate: tuple[Path, Path] | None = None,
    ) -> None:
        self.port = port or free_port()
        self.url = f"{'https' if certificate else 'http'}://127.0.0.1:{self.port}"
        # No access log unless `env` asks for one: a benchmark would mostly measure the logging.
        env = {"GUNICORN_ACCESS_LOG": ""} | env | {"GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        if workers:
            env["GUNICORN_WORKERS"] = str(workers)
        command = [str(GUNICORN), "-c", str(REPO / "gunicorn.conf.py"), app]
        if certificate:
            command += ["--certfile", str(certificate[0]), "--keyfile", str(certificate[1])]
        self.log = log.open("w")
        self.process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        cafile = certificate[0] if certificate else None
        wait_for(self.url + ready_path, why=f"see {log}", process=self.process, cafile=cafile)

    def worker_pids(self) -> list[int]:
        """The process ids of the workers the master runs now."""
        workers = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        ).stdout.split()
        return sorted(int(pid) for pid in workers)

    def worker_rss_mib(self) -> list[float]:
        """Resident memory of each worker process, in MiB."""
        return [_rss_mib(pid) for pid in self.worker_pids()]

    def log_lines(self) -> list[str]:
        """What the server has written to its log so far."""
        self.log.flush()
        return Path(self.log.name).read_text().splitlines()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def wait_for(
    url: str,
    why: str = "",
    seconds: float = 30,
    process: subprocess.Popen[bytes] | None = None,
    cafile: Path | None = None,
) -> None:
    """Return once `url` answers; raise if it never does or `process` exits (`why`: the log).
    An https `url` must show a certificate that the system, or `cafile` alone, trusts."""
    context = ssl.create_default_context(cafile=cafile) if cafile else None
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} {why}".strip())
        try:
            with urlopen(url, timeout=1, context=context):
                return
        except OSError:
            time.sleep(0.2)  # polling for start-up
    raise RuntimeError(f"{url} did not answer within {seconds} s {why}".strip())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@cache
def id_token_key_file() -> str:
    """An RS256 key file for ID tokens, one per process: production starts only with one."""
    path = Path(tempfile.mkdtemp(prefix="id-token-key-")) / "id-token.pem"
    path.write_bytes(private_pem(generate_private_key("RS256")))
    return str(path)


def production_env(database_url: str, secret_key: str) -> dict[str, str]:
    """The app's production settings for a benchmark: real bcrypt cost, limits off."""
    return os.environ | {
        "FLASK_CONFIG": "production",
        "SECRET_KEY": secret_key,
        "DATA_ENCRYPTION_KEYS": new_data_key(),
        "ID_TOKEN_PRIVATE_KEY_FILE": id_token_key_file(),
        "PUBLIC_URL": "http://127.0.0.1",  # served there, ports aside
        "DATABASE_URL": database_url,
        "BCRYPT_LOG_ROUNDS": "12",
        "RATELIMIT_ENABLED": "false",  # the benchmark would only measure the 429s
        "MAIL_WORKER_ENABLED": "false",  # reset emails pile up unsent, as no MAIL_SERVER is set
        "PASSWORD_BREACH_CHECK": "false",  # no network here; the check is not what is measured
    }

"""Drive a URL with wrk for a fixed time and read back throughput and latency percentiles."""

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
THREADS, CONNECTIONS = 2, 16  # the reference figures' wrk -t2 -c16


@dataclass(frozen=True)
class Sample:
    """One wrk run."""

    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def measure(
    url: str,
    seconds: int,
    headers: dict[str, str] | None = None,
    post_json: str = "",
    connections: int = CONNECTIONS,
) -> Sample:
    """wrk -t2 -c16 for `seconds` against `url`; a JSON body makes it a POST."""
    threads = min(THREADS, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    command += ["--timeout", "30s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    with tempfile.TemporaryDirectory() as folder:
        if post_json:
            script = Path(folder) / "post.lua"
            script.write_text(
                'wrk.method = "POST"\n'
                'wrk.headers["Content-Type"] = "application/json"\n'
                f"wrk.body = [[{post_json}]]\n"
            )
            command += ["-s", str(script)]
        output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    return _parse(output)


def _parse(output: str) -> Sample:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50, p99 = (_latency_ms(output, percent) for percent in ("50", "99"))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Sample(rps, p50, p99, errors + (int(non_2xx.group(1)) if non_2xx else 0))


def _latency_ms(output: str, percent: str) -> float:
    value, unit = re.search(
        rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE
    ).groups()
    return float(value) * UNITS_MS[unit]

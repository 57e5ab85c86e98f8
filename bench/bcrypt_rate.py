"""The raw bcrypt.checkpw rate at cost 12 on every core: what login can at best reach."""

import os
import statistics
import time
from multiprocessing import Pool

import bcrypt

from bench.wrk import Sample

COST = 12
PASSWORD = b"benchmark-pass-1"


def raw_bcrypt(seconds: int) -> Sample:
    """Checks per second with one process per core, and the time each check took."""
    hashed = bcrypt.hashpw(PASSWORD, bcrypt.gensalt(COST))
    cores = os.cpu_count() or 1
    with Pool(cores) as pool:
        durations = [
            ms for run in pool.starmap(_checks_for, [(hashed, seconds)] * cores) for ms in run
        ]
    percentiles = statistics.quantiles(durations, n=100)
    return Sample(len(durations) / seconds, statistics.median(durations), percentiles[98], 0)


def _checks_for(hashed: bytes, seconds: int) -> list[float]:
    """Milliseconds per check, for the checks that finish within `seconds` (as wrk counts)."""
    durations, deadline = [], time.monotonic() + seconds
    while True:
        started = time.monotonic()
        bcrypt.checkpw(PASSWORD, hashed)
        if time.monotonic() > deadline:
            return durations
        durations.append((time.monotonic() - started) * 1000)

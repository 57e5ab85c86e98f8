"""The raw bcrypt.checkpw rate at cost 12 on every core: what login can at best reach."""

import os
import time
from multiprocessing import Pool

import bcrypt

COST = 12


def raw_bcrypt_rate(seconds: int) -> float:
    """Checks per second with one process per core, each checking for `seconds`."""
    hashed = bcrypt.hashpw(b"benchmark-pass-1", bcrypt.gensalt(COST))
    cores = os.cpu_count() or 1
    with Pool(cores) as pool:
        counts = pool.starmap(_check_for, [(hashed, seconds)] * cores)
    return sum(counts) / seconds


def _check_for(hashed: bytes, seconds: int) -> int:
    """Checks that finish within `seconds`: counted the way wrk counts responses."""
    checks, deadline = 0, time.monotonic() + seconds
    while True:
        bcrypt.checkpw(b"benchmark-pass-1", hashed)
        if time.monotonic() > deadline:
            return checks
        checks += 1

"""Whether a password has appeared in a known data breach, asked of a Have I Been Pwned range
API by k-anonymity: only the first 5 hex characters of the password's SHA-1 leave the server,
and the answer is padded (Add-Padding) so that even its size says nothing.

It fails open. An API that is down, slow (PASSWORD_BREACH_TIMEOUT_MS) or answers nonsense skips
the check, with a warning in the log and the skip counted: nobody is kept from setting a
password because a third party is away.
"""

from hashlib import sha1

import requests

from app.ops.metrics import PASSWORD_BREACH_CHECKS
from app.running import logger, setting

PREFIX_LENGTH = 5


def appears_in_breach(password: str) -> bool:
    """True when the range API lists the password; False when it does not, or cannot answer."""
    digest = sha1(password.encode(), usedforsecurity=False).hexdigest().upper()
    prefix, suffix = digest[:PREFIX_LENGTH], digest[PREFIX_LENGTH:]
    url = setting("PASSWORD_BREACH_API").replace("{prefix}", prefix)
    timeout = setting("PASSWORD_BREACH_TIMEOUT_MS") / 1000
    try:
        response = requests.get(url, headers={"Add-Padding": "true"}, timeout=timeout)
        response.raise_for_status()
        found = _listed(response.text, suffix)
    except (requests.RequestException, ValueError) as error:
        logger().warning("breached-password check skipped: %s", error)
        PASSWORD_BREACH_CHECKS.labels("skipped").inc()
        return False
    PASSWORD_BREACH_CHECKS.labels("found" if found else "clean").inc()
    return found


def _listed(body: str, suffix: str) -> bool:
    """Whether `suffix` is in a range answer: lines of SUFFIX:COUNT; padding lines count 0."""
    for line in body.splitlines():
        candidate, separator, count = line.strip().partition(":")
        if not separator or not count.strip().isdigit():
            raise ValueError(f"not a range answer: {line[:80]!r}")
        if candidate.upper() == suffix and int(count) > 0:
            return True
    return False

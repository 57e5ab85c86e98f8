r"""Where to send someone after they sign in: only a path on this site. Anything that a browser
could read as another site (`//evil`, `/\evil`, `https://evil`, `javascript:`, a path with a
tab or line break a browser drops) is refused, so a sign-in link never becomes an open redirect."""

SIGNED_IN_PAGE = "/signed-in"
MAX_LENGTH = 4096


def safe_next(candidate: str | None) -> str | None:
    """`candidate` when it is a relative path on this site, else None."""
    if not candidate or len(candidate) > MAX_LENGTH or not candidate.startswith("/"):
        return None
    if candidate[1:2] in ("/", "\\") or "\\" in candidate:
        return None
    if any(ord(character) < 0x21 or ord(character) == 0x7F for character in candidate):
        return None
    return candidate


def next_or_signed_in(candidate: str | None) -> str:
    """Where a finished sign-in goes: `candidate` when safe, else the signed-in page."""
    return safe_next(candidate) or SIGNED_IN_PAGE

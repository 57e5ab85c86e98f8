"""Where a request or command came from, as the audit trail and the session list record it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    """The client's address, User-Agent and request id; the HTTP layer builds it per request."""

    ip: str
    user_agent: str
    request_id: str | None = None


COMMAND_LINE = Origin(ip="", user_agent="flask command")

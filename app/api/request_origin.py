"""The Origin of the request being served, which endpoints hand to use cases."""

from flask import g, request

from app.ops.origin import Origin


def request_origin() -> Origin:
    """The client's address (ProxyFix sets it behind a proxy), User-Agent and request id."""
    return Origin(request.remote_addr or "", request.user_agent.string, g.get("request_id"))

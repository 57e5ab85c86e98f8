"""Requests are answered only for our own host names (API.md, "Hardening"): PUBLIC_URL's host
and TRUSTED_HOSTS, ports ignored. Any other Host answers 400 in the envelope, so that nothing
the API builds or logs can be steered by a forged one."""

from flask import Flask, current_app, request
from werkzeug.exceptions import BadRequest
from werkzeug.sansio.utils import host_is_trusted

from app.config import hosts_to_answer

ANSWERED_HOSTS = "answered_hosts"
UNKNOWN_HOST = "This server does not answer for that host name: use its address (PUBLIC_URL)."


def answer_only_our_hosts(app: Flask) -> None:
    """Check every request's Host against the hosts the settings name.

    Not with Flask's own check (its TRUSTED_HOSTS, which our setting of the same name would
    turn on): that one fails as the request starts, and flask-restx's error handling asks for
    the host again, so the refusal itself would fail as a 500.
    """
    app.extensions[ANSWERED_HOSTS] = hosts_to_answer(app.config)
    app.config["TRUSTED_HOSTS"] = None
    app.before_request(_refuse_other_hosts)


def _refuse_other_hosts() -> None:
    if not host_is_trusted(request.host.lower(), current_app.extensions[ANSWERED_HOSTS]):
        raise BadRequest(UNKNOWN_HOST)

"""Prometheus metrics: requests, latency, logins, refused tokens, rate limits, breach checks.

Under gunicorn, set PROMETHEUS_MULTIPROC_DIR (gunicorn.conf.py does when METRICS_ENABLED), so
each worker writes its counts there and GET /metrics sums them over every worker. The counts are
not public: /metrics on the API's listener asks for METRICS_TOKEN, or gunicorn's master serves
them on METRICS_PORT alone (serve_on_own_port) and the API's listener has no /metrics.
"""

import hmac
import os
import time

from flask import Flask, Response, current_app, g, jsonify, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    start_http_server,
)

HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
REQUESTS = Counter("http_requests_total", "Requests answered", ["endpoint", "method", "status"])
LATENCY = Histogram(
    "http_request_duration_seconds", "Time to answer a request", ["endpoint", "method"]
)
LOGINS = Counter("logins_total", "Logins by outcome", ["outcome"])
TOKENS_REFUSED = Counter("tokens_refused_total", "Bearer tokens refused, by reason", ["reason"])
RATE_LIMITED = Counter("rate_limited_total", "Requests refused with 429", ["endpoint"])
LOGINS_THROTTLED = Counter(
    "logins_throttled_total", "Logins refused while their account's logins must wait"
)
PASSWORD_BREACH_CHECKS = Counter(
    "password_breach_checks_total", "Breached-password checks: found, clean or skipped", ["outcome"]
)


def init_metrics(app: Flask) -> None:
    """Time and count every request, and serve GET /metrics, when METRICS_ENABLED."""
    if not app.config["METRICS_ENABLED"]:
        return
    app.before_request(_start_timer)
    app.after_request(_count)
    if not app.config["METRICS_PORT"]:
        app.add_url_rule("/metrics", "metrics", _metrics)


def serve_on_own_port(host: str, port: int) -> None:
    """Serve the counts of every worker on host:port, from a thread of the calling process."""
    start_http_server(port, host, registry=_registry())


def count_audit_event(event: str) -> None:
    """The metrics that follow from a committed audit event."""
    if event in ("login_succeeded", "login_failed"):
        LOGINS.labels(event.removeprefix("login_")).inc()


def _start_timer() -> None:
    g.metrics_started = time.perf_counter()


def _count(response: Response) -> Response:
    # Labels from short lists only: a route's name, never the raw path, and a method of HTTP's,
    # never one a client made up: each new label value is new series kept until a restart.
    endpoint = request.endpoint or "unknown"
    method = request.method if request.method in HTTP_METHODS else "other"
    REQUESTS.labels(endpoint, method, str(response.status_code)).inc()
    if "metrics_started" in g:
        elapsed = time.perf_counter() - g.metrics_started
        LATENCY.labels(endpoint, method).observe(elapsed)
    return response


def _metrics() -> Response | tuple[Response, int, dict[str, str]]:
    """Prometheus text, to a caller with METRICS_TOKEN when one is set."""
    token = current_app.config["METRICS_TOKEN"]
    scheme, _, offered = request.headers.get("Authorization", "").strip().partition(" ")
    if token and not (
        scheme.lower() == "bearer" and hmac.compare_digest(offered.strip().encode(), token.encode())
    ):
        refusal = {"status": "fail", "message": "Send Authorization: Bearer <METRICS_TOKEN>."}
        return jsonify(refusal), 401, {"WWW-Authenticate": 'Bearer realm="metrics"'}
    return Response(generate_latest(_registry()), mimetype=CONTENT_TYPE_LATEST)


def _registry() -> CollectorRegistry:
    """The counts summed over every worker process when there are several, else this one's."""
    if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return registry

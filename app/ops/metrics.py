"""Prometheus metrics: requests, latency, logins, refused tokens, rate limits, breach checks.

Under gunicorn, set PROMETHEUS_MULTIPROC_DIR (gunicorn.conf.py does when METRICS_ENABLED), so
each worker writes its counts there and GET /metrics sums them over every worker.
"""

import os
import time

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

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
    app.add_url_rule("/metrics", "metrics", _metrics)


def count_audit_event(event: str) -> None:
    """The metrics that follow from a committed audit event."""
    if event in ("login_succeeded", "login_failed"):
        LOGINS.labels(event.removeprefix("login_")).inc()


def _start_timer() -> None:
    g.metrics_started = time.perf_counter()


def _count(response: Response) -> Response:
    endpoint = request.endpoint or "unknown"  # a route name, never the raw path: few labels
    REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
    if "metrics_started" in g:
        elapsed = time.perf_counter() - g.metrics_started
        LATENCY.labels(endpoint, request.method).observe(elapsed)
    return response


def _metrics() -> Response:
    """Prometheus text, summed over every worker process when there are several."""
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)
    return Response(generate_latest(), mimetype=CONTENT_TYPE_LATEST)

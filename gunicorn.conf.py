"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py run:app`, as `make serve` runs.

Every setting can be changed from the environment without editing this file.
"""

import multiprocessing
import os
import shutil
import tempfile

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: the app is CPU-bound (JSON, JWT, bcrypt), so processes, not threads, scale it.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# More than one thread makes each worker gthread: kept-alive connections, I/O-bound routes.
threads = int(os.environ.get("GUNICORN_THREADS", 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))  # a stuck worker is restarted after this
graceful_timeout = 30
keepalive = 5

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
# Access and error lines in the app's form (JSON in production): method and path only, no
# query string and no header, so no token can reach the log.
logger_class = "app.ops.gunicorn_logs.StructuredLogger"

if os.environ.get("METRICS_ENABLED", "").lower() in ("1", "true", "yes"):
    # Each worker writes its counts here; /metrics sums them. Emptied at every start.
    metrics_dir = os.environ.setdefault(
        "PROMETHEUS_MULTIPROC_DIR", os.path.join(tempfile.gettempdir(), "flask-jwt-api-metrics")
    )
    shutil.rmtree(metrics_dir, ignore_errors=True)
    os.makedirs(metrics_dir)


def when_ready(_server):  # noqa: ANN001 (gunicorn's hook signature)
    """With METRICS_PORT, the master serves every worker's counts on a listener of its own
    (127.0.0.1 unless METRICS_HOST says otherwise), and the API's listener has no /metrics."""
    port = int(os.environ.get("METRICS_PORT") or 0)
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ and port:
        from app.ops.metrics import serve_on_own_port

        serve_on_own_port(os.environ.get("METRICS_HOST", "127.0.0.1"), port)


def child_exit(_server, worker):  # noqa: ANN001 (gunicorn's hook signature)
    """A worker that exits leaves its counts to the sum, but no longer counts as live."""
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def worker_exit(_server, worker):  # noqa: ANN001 (gunicorn's hook signature)
    """A stopping worker first answers the connections queued for it (app/ops/graceful_stop)."""
    from app.ops.graceful_stop import answer_waiting_connections

    answer_waiting_connections(worker)

"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py run:app`, as `make serve` runs.

Every setting can be changed from the environment without editing this file.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: the app is CPU-bound (JSON, JWT, bcrypt), so processes, not threads, scale it.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))  # a stuck worker is restarted after this
graceful_timeout = 30
keepalive = 5

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
# Method and path only: no query string and no Referer, so no token can reach the log.
# The Authorization header is never part of an access log line.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'

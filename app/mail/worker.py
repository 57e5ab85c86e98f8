"""A thread per server process that empties the outbox, woken by each commit of a message."""

import threading

from flask import Flask

from app.mail.outbox import deliver_due_messages


class MailWorker:
    """Started by the first request a process serves, so `flask` commands never start one."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._wake = threading.Event()
        self._start_lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start_once(self) -> None:
        """Start the thread unless this process already has it (a before_request hook)."""
        if self._thread is not None:
            return
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="mail-worker", daemon=True)
                self._thread.start()

    def wake(self) -> None:
        """Deliver now rather than at the next poll."""
        self._wake.set()

    def _run(self) -> None:
        """Deliver, then wait for a wake-up or MAIL_POLL_SECONDS, for the life of the process."""
        while True:
            self._wake.clear()  # a wake-up during delivery is kept for the wait below
            with self.app.app_context():
                try:
                    deliver_due_messages()
                except Exception:  # a database outage must not end the thread
                    self.app.logger.exception("Mail delivery failed; trying again later")
            self._wake.wait(timeout=self.app.config["MAIL_POLL_SECONDS"])


def init_mail_worker(app: Flask) -> None:
    """Deliver from every server process when MAIL_WORKER_ENABLED (the default)."""
    if not app.config["MAIL_WORKER_ENABLED"]:
        return
    worker = MailWorker(app)
    app.extensions["mail_worker"] = worker
    app.before_request(worker.start_once)

"""The worker thread: a live server sends the verification email on its own, soon after commit."""

import threading
import time

import pytest
from support.calls import call
from support.smtp_sink import Mailbox
from werkzeug.serving import make_server

from app import create_app, db

pytestmark = pytest.mark.slow  # starts gunicorn and an SMTP server


@pytest.fixture
def served_app(database_url, tmp_path):
    """An app with its worker on, behind a threaded HTTP server, sending to a real SMTP server."""
    if database_url == "sqlite://":  # threads need a database file, not one shared connection
        database_url = f"sqlite:///{tmp_path / 'api.db'}"
    mailbox = Mailbox()
    mailbox.start()
    app = create_app(
        "testing",
        DATABASE_URL=database_url,
        MAIL_WORKER_ENABLED=True,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=mailbox.port,
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", mailbox
    server.shutdown()
    mailbox.stop()
    with app.app_context():
        db.engine.dispose()


def wait_for_mail(mailbox: Mailbox, count: int, seconds: float = 10) -> None:
    """Until `count` messages have arrived; the worker is woken at commit, so this is quick."""
    deadline = time.monotonic() + seconds
    while len(mailbox.messages) < count and time.monotonic() < deadline:
        time.sleep(0.05)  # waiting for another thread's work, not for time to pass
    assert len(mailbox.messages) == count


def test_the_worker_delivers_without_anyone_asking(served_app):
    url, mailbox = served_app
    body = {"email": "ada@example.com", "password": "correct-horse-9"}
    status, _ = call("POST", f"{url}/api/v1/auth/register", body)
    assert status == 201
    wait_for_mail(mailbox, 1)
    assert mailbox.messages[0]["To"] == "ada@example.com"

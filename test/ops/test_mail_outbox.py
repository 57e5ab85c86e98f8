"""The outbox: queued with its cause, sent over real SMTP, retried while SMTP is down, once."""

from datetime import timedelta

import pytest

from app import db
from app.mail.outbox import COMPOSERS, deliver_due_messages
from app.models import OutboxMessage
from app.security.sealing import new_data_key
from app.util.datetime_util import utc_now

CREDENTIALS = {"email": "ada@example.com", "password": "correct-horse-9"}


def outbox(app) -> list[OutboxMessage]:
    with app.app_context():
        return db.session.scalars(db.select(OutboxMessage)).all()


def register(client):
    response = client.post("/api/v1/auth/register", json=CREDENTIALS)
    assert response.status_code == 201
    return response


def test_registering_queues_without_waiting_for_smtp(app, client, mailbox):
    register(client)
    assert mailbox.messages == []  # the response came back before any SMTP traffic
    assert [message.recipient for message in outbox(app)] == ["ada@example.com"]


def test_delivery_sends_over_smtp_and_empties_the_outbox(app, client, mailbox, deliver):
    register(client)
    assert deliver() == (1, 0)
    (message,) = mailbox.messages
    assert message["To"] == "ada@example.com"
    assert message["Subject"] == "Confirm your email address"
    assert outbox(app) == []


def test_a_queued_token_is_unreadable_in_the_database(app, client, mailbox, deliver):
    register(client)
    (stored,) = outbox(app)
    deliver()
    token = mailbox.token_in(mailbox.messages[0])
    for secret in (token, token.split(".")[1], "Confirm"):
        assert secret.encode() not in stored.sealed


def test_registering_works_while_smtp_is_down(app, client, mailbox, deliver):
    mailbox.stop()
    register(client)
    assert deliver() == (0, 1)
    assert len(outbox(app)) == 1


def test_smtp_down_then_up_delivers_exactly_once(app, client, mailbox, deliver, time_machine):
    time_machine.move_to(utc_now(), tick=False)
    register(client)
    mailbox.stop()
    assert deliver() == (0, 1)
    mailbox.start()
    assert deliver() == (0, 0)  # not due again before its back-off
    time_machine.shift(timedelta(seconds=31))
    assert deliver() == (1, 0)
    time_machine.shift(timedelta(hours=2))
    assert deliver() == (0, 0)
    assert len(mailbox.messages) == 1


def test_a_failure_is_recorded_and_backs_off(app, client, mailbox, deliver, time_machine):
    time_machine.move_to(utc_now(), tick=False)
    register(client)
    mailbox.stop()
    deliver()
    (waiting,) = outbox(app)
    assert waiting.attempts == 1
    assert waiting.last_error.startswith("ConnectionRefusedError")
    assert waiting.next_attempt_at == utc_now() + timedelta(seconds=30)


def test_a_message_taken_by_one_sender_is_skipped_by_another(app, client):
    register(client)
    now = utc_now()
    with app.app_context():
        (message_id,) = OutboxMessage.due_ids(now, 10)
        assert OutboxMessage.take(message_id, now, now + timedelta(minutes=5)) is not None
        assert OutboxMessage.take(message_id, now, now + timedelta(minutes=5)) is None


def test_without_mail_server_development_writes_the_message_out(app, client, deliver, capsys):
    register(client)
    assert deliver() == (1, 0)
    terminal = capsys.readouterr().err
    assert "To: ada@example.com\nSubject: Confirm your email address\n" in terminal
    assert "Send this token to POST /api/v1/auth/verify-email:\ney" in terminal


def test_without_mail_server_production_keeps_the_message(app, client, deliver):
    register(client)
    app.config["MAIL_TO_TERMINAL"] = False  # as in production
    assert deliver() == (0, 1)
    assert outbox(app)[0].last_error == "MailNotConfigured: MAIL_SERVER is not set"


def test_flask_send_mail_delivers_the_outbox(client, mailbox, runner):
    register(client)
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert "Sent 1 message, 0 failed." in result.output
    assert len(mailbox.messages) == 1


def test_a_message_sealed_with_an_old_secret_waits_instead_of_failing_the_sender(
    app, client, mailbox, deliver
):
    register(client)
    app.config["SECRET_KEY"] = "a-new-secret-" + "n" * 40  # rotated without sending first
    assert deliver() == (0, 1)
    assert outbox(app)[0].last_error.startswith("InvalidToken")
    assert mailbox.messages == []


def test_a_job_whose_composer_is_gone_fails_once_and_for_good(
    app, client, mailbox, runner, time_machine, caplog
):
    """A deploy that drops a composer leaves its queued jobs failed, not retried forever."""
    time_machine.move_to(utc_now(), tick=False)
    response = client.post("/api/v1/auth/password-reset", json={"email": "ada@example.com"})
    assert response.status_code == 202
    app.extensions[COMPOSERS] = {}
    result = runner.invoke(args=["send-mail"])
    assert "Sent 0 messages, 1 failed." in result.output
    (message,) = outbox(app)
    assert message.failed_at is not None
    assert (
        message.last_error
        == "UnknownComposer: no mail composer 'password reset' is wired in create_app"
    )
    assert "failed for good" in caplog.text
    time_machine.shift(timedelta(days=2))  # far past any back-off
    assert "Sent 0 messages, 0 failed." in runner.invoke(args=["send-mail"]).output
    assert mailbox.messages == []


def test_with_data_encryption_keys_a_new_secret_key_strands_no_mail(make_app, mailbox_for):
    app = make_app(DATA_ENCRYPTION_KEYS=[new_data_key()])
    mailbox = mailbox_for(app)
    register(app.test_client())
    app.config["SECRET_KEY"] = "a-new-secret-" + "n" * 40
    assert deliver_in(app) == (1, 0)
    assert len(mailbox.messages) == 1


@pytest.mark.parametrize(
    ("keys_after", "delivered"), [(("new", "old"), (1, 0)), (("new",), (0, 1))]
)
def test_a_data_key_opens_what_it_sealed_while_it_is_listed(
    make_app, mailbox_for, keys_after, delivered
):
    old, new = new_data_key(), new_data_key()
    app = make_app(DATA_ENCRYPTION_KEYS=[old])
    mailbox_for(app)
    register(app.test_client())
    app.config["DATA_ENCRYPTION_KEYS"] = [{"old": old, "new": new}[k] for k in keys_after]
    assert deliver_in(app) == delivered


def test_mail_queued_before_data_keys_were_set_is_still_delivered(make_app, mailbox_for):
    app = make_app()  # no DATA_ENCRYPTION_KEYS: sealed under the key derived from SECRET_KEY
    mailbox_for(app)
    register(app.test_client())
    app.config["DATA_ENCRYPTION_KEYS"] = [new_data_key()]
    assert deliver_in(app) == (1, 0)


def deliver_in(app) -> tuple[int, int]:
    with app.app_context():
        return deliver_due_messages()

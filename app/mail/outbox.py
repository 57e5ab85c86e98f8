"""Queue email with the change that causes it; deliver due messages with retries and a lease.

A message is queued in the caller's transaction, so it exists exactly when the change does.
A sender leases a message before sending it, so two senders (worker threads in several server
processes, or `flask send-mail`) never send it twice at once; a sender that dies mid-send lets
the lease run out and the message is tried again.

Some email is composed by the sender rather than the request: a password reset is queued as
"compose a reset email for this address", whether or not the address has an account, so the
request does the same work either way and its timing says nothing. The sender looks the address
up, drops the job for an unknown one, and otherwise turns it into a plain message in place. The
composers are wired by create_app (init_composers); a job whose composer is unknown, which only
a deploy that drops one can leave behind, is marked failed and never tried again. A composer
whose template fails (an operator's override in TEMPLATES_FOLDER) is retried like a failed send.
"""

import smtplib
import sys
from collections.abc import Callable
from datetime import timedelta
from typing import NamedTuple

from cryptography.fernet import InvalidToken
from flask_mailman import EmailMultiAlternatives
from jinja2 import TemplateError
from sqlalchemy import event

from app import db
from app.models import OutboxMessage
from app.running import extension, logger, setting
from app.security.sealing import seal, unseal
from app.util.datetime_util import utc_now

LEASE = timedelta(minutes=5)  # far longer than MAIL_TIMEOUT: a send finishes well within it
FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)


class Email(NamedTuple):
    """One message to send: its text, and the same in HTML (empty in a row queued before the
    emails had HTML, which still sends as text alone)."""

    recipient: str
    subject: str
    body: str
    html: str = ""


# A function from an address to the email for it, or None to send nothing.
Composer = Callable[[str], Email | None]
COMPOSERS = "mail_composers"  # the app extension that maps each composer's name to it


class MailNotConfigured(RuntimeError):
    """Production without MAIL_SERVER: messages wait in the outbox until it is set."""


class UnknownComposer(LookupError):
    """A queued job names a composer this app does not have: no retry can send it."""


def queue_email(email: Email) -> None:
    """Add a message to the outbox in the current transaction; the caller commits."""
    _queue(email.recipient, _sealable(email))


def queue_composed(name: str, address: str) -> None:
    """Queue the email that composer `name` will write for `address` when it is sent."""
    _queue(address, {"compose": name, "address": address})


def deliver_due_messages(limit: int = 100) -> tuple[int, int]:
    """Send what is due, oldest first; returns (sent, failed). Each message commits on its own."""
    now = utc_now()
    sent = failed = 0
    for message_id in OutboxMessage.due_ids(now, limit):
        message = OutboxMessage.take(message_id, now, now + LEASE)
        db.session.commit()
        if message is None:  # another sender has it
            continue
        try:
            delivered = _deliver(message)
        except UnknownComposer as error:
            _give_up(message, error)
            failed += 1
        except TemplateError as error:  # an operator's template: retried once they fix it
            db.session.rollback()  # nothing of the composing stays (a code that was not sent)
            _retry_later(message, error)
            logger().error("Outbox message %s: a mail template failed: %s", message.id, error)
            failed += 1
        except (OSError, smtplib.SMTPException, InvalidToken, MailNotConfigured) as error:
            _retry_later(message, error)
            failed += 1
        else:
            OutboxMessage.remove(message_id)
            sent += delivered
        db.session.commit()
    return sent, failed


def retry_delay(attempts: int) -> timedelta:
    """30 s after the first failure, doubling each time, never more than an hour."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def _retry_later(message: OutboxMessage, error: Exception) -> None:
    """Try the message again after the back-off, and keep what went wrong on its row."""
    message.next_attempt_at = utc_now() + retry_delay(message.attempts)
    message.last_error = f"{type(error).__name__}: {error}"[:300]


def _give_up(message: OutboxMessage, error: UnknownComposer) -> None:
    """Mark the message failed for good, and say so in the log."""
    message.failed_at = utc_now()
    message.last_error = f"{type(error).__name__}: {error}"[:300]
    logger().error("Outbox message %s failed for good: %s", message.id, message.last_error)


def _queue(recipient: str, payload: dict[str, str]) -> None:
    now = utc_now()
    message = OutboxMessage(
        recipient=recipient, sealed=seal(payload), created_at=now, next_attempt_at=now
    )
    db.session.add(message)
    event.listen(db.session(), "after_commit", _wake_sender, once=True)


def _deliver(message: OutboxMessage) -> bool:
    """Send the message, composing it first if it was queued as a job; False: nothing to send."""
    payload = unseal(message.sealed)
    if "compose" in payload:
        email = _composer(payload["compose"])(payload["address"])
        if email is None:
            return False
        # From here on a plain message: a failed send retries this email, not the composing.
        message.recipient = email.recipient
        message.sealed = seal(_sealable(email))
        db.session.commit()
    else:
        email = Email(
            message.recipient, payload["subject"], payload["body"], payload.get("html", "")
        )
    _send(email)
    return True


def _sealable(email: Email) -> dict[str, str]:
    """What the sealed column holds of a plain message: no migration added the HTML part, a
    key of the JSON document did."""
    return {"subject": email.subject, "body": email.body, "html": email.html}


def _composer(name: str) -> Composer:
    composers: dict[str, Composer] = extension(COMPOSERS) or {}
    if name not in composers:
        raise UnknownComposer(f"no mail composer {name!r} is wired in create_app")
    return composers[name]


def _send(email: Email) -> None:
    """Over SMTP, as multipart/alternative: the text first, then the HTML that readers who can
    prefer (RFC 2046, 5.1.4); without MAIL_SERVER, to the terminal (MAIL_TO_TERMINAL) or nowhere
    yet."""
    if setting("MAIL_SERVER"):
        sender = setting("MAIL_DEFAULT_SENDER")
        message = EmailMultiAlternatives(email.subject, email.body, sender, [email.recipient])
        if email.html:
            message.attach_alternative(email.html, "text/html")
        message.send()
    elif not setting("MAIL_TO_TERMINAL"):
        raise MailNotConfigured("MAIL_SERVER is not set")
    else:  # development: the terminal of `make run` is the mailbox, the email kept readable
        logger().warning("email written to the terminal, MAIL_SERVER is not set")
        sys.stderr.write(
            f"Email not sent, MAIL_SERVER is not set. To: {email.recipient}\n"
            f"Subject: {email.subject}\n\n{email.body}\n"
        )


def _wake_sender(_session: object) -> None:
    """A message was committed: the worker thread, if any, sends it now, not at its next poll."""
    worker = extension("mail_worker")
    if worker is not None:
        worker.wake()

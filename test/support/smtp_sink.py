"""A real SMTP server for the tests (aiosmtpd on a free port), and what it received."""

import logging
import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from bench.servers import free_port

TOKEN = re.compile(r"[\w-]+\.[\w-]+\.[\w-]+")
CODE = re.compile(r"^[0-9]{6}(?=\r?$)", re.MULTILINE)
# aiosmtpd logs each line of DATA at DEBUG: this test server's log, not the app's, stays quiet.
logging.getLogger("mail.log").setLevel(logging.WARNING)


class Mailbox:
    """An SMTP server on 127.0.0.1 that keeps every message; stop() and start() it at will."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[EmailMessage] = []
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802
        """aiosmtpd's hook: one message received."""
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def token_in(self, message: EmailMessage) -> str:
        """The one token in a message's text."""
        (token,) = TOKEN.findall(self.text_of(message))
        return token

    def code_in(self, message: EmailMessage) -> str:
        """The one six-digit code, alone on its line, in a message's text."""
        (code,) = CODE.findall(self.text_of(message))
        return code

    @staticmethod
    def text_of(message: EmailMessage) -> str:
        """The plain-text part of a message (the whole of a plain one), with its lines ended as
        the app ended them."""
        return _part(message, "plain")

    @staticmethod
    def html_of(message: EmailMessage) -> str:
        """The HTML part of a message."""
        return _part(message, "html")


def _part(message: EmailMessage, subtype: str) -> str:
    body = message.get_body(preferencelist=(subtype,))
    assert body is not None, f"no text/{subtype} part in {message.get_content_type()}"
    content: str = body.get_content()
    return content.replace("\r\n", "\n")  # as the app wrote it, not as SMTP carried it

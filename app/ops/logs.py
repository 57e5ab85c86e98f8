"""Structured logs with structlog: JSON lines in production, readable text in development.

Every line carries the request id of the request it belongs to. Values are written as data:
control characters (newlines, ANSI escapes) are escaped, so a User-Agent or an email address
typed by a client cannot start a new line or forge one, in either format.
"""

import logging
import re
from typing import Any

import structlog
from structlog.typing import EventDict

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
ANSI_STYLE = re.compile(r"\x1b\[[0-9;]*m")


def drop_werkzeug_colours(_logger: Any, _name: str, event: EventDict) -> EventDict:
    """The development server colours its own lines for a terminal; a log line carries none.

    Only werkzeug's lines, and only its colour codes: it has escaped what the client sent (the
    path) before colouring, so every other control character is still escaped below.
    """
    if event.get("logger") == "werkzeug" and isinstance(event.get("event"), str):
        event["event"] = ANSI_STYLE.sub("", event["event"])
    return event


def escape_control_characters(_logger: Any, _name: str, event: EventDict) -> EventDict:
    """Write each control character of a string value as its escape, such as \\n or \\x1b."""
    for key, value in event.items():
        if key == "exception":  # our own traceback: its lines stay lines in text (JSON escapes)
            continue
        if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
            event[key] = CONTROL_CHARACTERS.sub(_escaped, value)
    return event


def _escaped(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode()


SHARED_PROCESSORS: list[Any] = [
    structlog.contextvars.merge_contextvars,  # the request id, bound for each request
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.stdlib.ExtraAdder(),
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    structlog.processors.format_exc_info,
    drop_werkzeug_colours,
    escape_control_characters,
]


def formatter(log_format: str) -> logging.Formatter:
    """A stdlib formatter that renders any record, ours or a library's, the structlog way."""
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if log_format == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=SHARED_PROCESSORS,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
    )


def configure_logging(log_format: str, level: str) -> None:
    """Send every logger through one handler on the root logger, in `log_format`."""
    structlog.configure(
        processors=[*SHARED_PROCESSORS, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "is_ours", False)]:
        root.removeHandler(handler)  # a second app in the same process replaces, not doubles
    handler = logging.StreamHandler()
    handler.setFormatter(formatter(log_format))
    handler.is_ours = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)

"""The running app as use cases and shared services see it: its settings and its extensions.

This is their one door to Flask. They never see the request being served: what they need of it
(who asks, from where) comes in as arguments. import-linter keeps Flask itself out of them.
"""

from logging import Logger
from typing import Any

from flask import current_app


def setting(name: str) -> Any:
    """The value of one setting (app/config.py) of the app in this context."""
    return current_app.config[name]


def extension(name: str) -> Any:
    """What create_app registered under `name` (the key ring, the mail composers), or None."""
    return current_app.extensions.get(name)


def logger() -> Logger:
    """The app's logger."""
    return current_app.logger

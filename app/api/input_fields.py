"""Input rules several namespaces' parsers share: those of app/accounts/fields.py, as
documented, and a passkey's answer."""

import json
from typing import Any

from app.accounts import fields as rules
from app.api.body import documented

PASSWORD = {"type": "string", "format": "password"}

email_address = documented(rules.email_address, type="string", format="email")
new_password = documented(rules.new_password, **PASSWORD)
any_password = documented(rules.any_password, **PASSWORD)


def credential(value: Any) -> dict[str, Any]:
    """A browser's answer (PublicKeyCredential.toJSON()): a JSON object, or its text in a form."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            value = None
    if not isinstance(value, dict):
        raise ValueError("credential must be the JSON of PublicKeyCredential.toJSON().")
    return value


credential.__schema__ = {"type": "string", "description": "JSON of the credential"}  # type: ignore[attr-defined]

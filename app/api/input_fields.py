"""Input rules several namespaces' parsers share: those of app/accounts/fields.py, as
documented, a passkey's answer, an emailed code, the name a user gives a passkey or a token,
and a list of roles."""

import json
import re
from typing import Any

from app.accounts import fields as rules
from app.api.body import documented
from app.api.control_characters import REFUSED, holds_control_characters
from app.security.permissions import ROLES

PASSWORD = {"type": "string", "format": "password"}
MAX_NAME_LENGTH = 100
CREDENTIAL_INVALID = "credential must be the JSON of PublicKeyCredential.toJSON()."
NAME_INVALID = f"name must be text of 1 to {MAX_NAME_LENGTH} characters."
ROLES_INVALID = f"roles must be a list of one or more of {', '.join(ROLES)}."
EMAILED_CODE_INVALID = "code must be the 6 digits of the code we emailed you."

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
        raise ValueError(CREDENTIAL_INVALID)
    if holds_control_characters(value):  # spelled as escapes in a form's text, so not seen yet
        raise ValueError(REFUSED)
    return value


credential.__schema__ = {"type": "string", "description": "JSON of the credential"}  # type: ignore[attr-defined]


def display_name(value: Any) -> str:
    """What the user calls a passkey or a token, such as "laptop": 1 to 100 characters."""
    if not isinstance(value, str) or not 0 < len(value.strip()) <= MAX_NAME_LENGTH:
        raise ValueError(NAME_INVALID)
    return value.strip()


display_name.__schema__ = {"type": "string", "maxLength": MAX_NAME_LENGTH}  # type: ignore[attr-defined]


def emailed_code(value: Any) -> str:
    """The six digits of a code we emailed (spaces around them forgiven)."""
    code = value.strip() if isinstance(value, str) else ""
    if not re.fullmatch(r"[0-9]{6}", code):
        raise ValueError(EMAILED_CODE_INVALID)
    return code


emailed_code.__schema__ = {"type": "string", "pattern": "^[0-9]{6}$"}  # type: ignore[attr-defined]


def role_list(value: Any) -> list[str]:
    """A whole list of roles: one or more of ROLES, as a JSON list or, from a form,
    separated by commas."""
    if isinstance(value, str):
        value = [role.strip() for role in value.split(",") if role.strip()]
    if not isinstance(value, list) or not value or len(value) > len(ROLES):
        raise ValueError(ROLES_INVALID)
    unknown = [role for role in value if role not in ROLES]
    if unknown:
        raise ValueError(f"roles must be among {', '.join(ROLES)}; not {unknown[0]!r:.40}.")
    return list(value)


role_list.__schema__ = {  # type: ignore[attr-defined]
    "type": "array",
    "items": {"type": "string", "enum": list(ROLES)},
    "minItems": 1,
}

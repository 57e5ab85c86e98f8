"""WebAuthn ceremonies with py_webauthn (a well-kept library for exactly this): the options a
browser needs, and the checks of what its authenticator answers.

Pure but for the settings: the caller stores challenges (used once) and credentials. Every
malformed or refused answer is a PasskeyRefused that says why, never a library's own error.
"""

import json
from dataclasses import dataclass
from typing import Any

from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    base64url_to_bytes,
    bytes_to_base64url,
    parse_authentication_credential_json,
    parse_client_data_json,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from app.running import setting

MALFORMED_CLIENT_DATA = "Not a WebAuthn answer: clientDataJSON is missing or malformed."


class PasskeyRefused(ValueError):
    """An answer that is malformed or does not prove what it must; str() says why."""


class CounterWentBack(PasskeyRefused):
    """A signature counter that did not grow: the sign of a cloned authenticator."""


@dataclass(frozen=True)
class Options:
    """Options for the browser (the WebAuthn JSON form), and their challenge in base64url."""

    challenge: str
    json: dict[str, Any]


@dataclass(frozen=True)
class NewPasskey:
    """What a verified registration gives to store."""

    credential_id: bytes
    public_key: bytes
    sign_count: int
    backed_up: bool


def registration_options(user_handle: bytes, user_name: str, exclude: list[bytes]) -> Options:
    """Creation options: a resident (discoverable) key preferred, user verification required."""
    options = generate_registration_options(
        rp_id=setting("WEBAUTHN_RP_ID"),
        rp_name=setting("WEBAUTHN_RP_NAME"),
        user_id=user_handle,
        user_name=user_name,
        timeout=setting("WEBAUTHN_CHALLENGE_SECONDS") * 1000,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=[PublicKeyCredentialDescriptor(id=known) for known in exclude],
    )
    return Options(bytes_to_base64url(options.challenge), json.loads(options_to_json(options)))


def authentication_options(allow: list[bytes]) -> Options:
    """Request options; an empty `allow` lets the browser offer any passkey of this site."""
    options = generate_authentication_options(
        rp_id=setting("WEBAUTHN_RP_ID"),
        timeout=setting("WEBAUTHN_CHALLENGE_SECONDS") * 1000,
        allow_credentials=[PublicKeyCredentialDescriptor(id=known) for known in allow],
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    return Options(bytes_to_base64url(options.challenge), json.loads(options_to_json(options)))


def challenge_of(credential: dict[str, Any]) -> str:
    """The challenge an answer signed (from its clientDataJSON), to find the stored one."""
    try:
        client_data = base64url_to_bytes(credential["response"]["clientDataJSON"])
        return bytes_to_base64url(parse_client_data_json(client_data).challenge)
    except (KeyError, TypeError, ValueError, WebAuthnException):
        raise PasskeyRefused(MALFORMED_CLIENT_DATA) from None


def credential_id_of(credential: dict[str, Any]) -> bytes:
    """The id of the credential that answered."""
    try:
        return parse_authentication_credential_json(credential).raw_id
    except (KeyError, TypeError, ValueError, WebAuthnException):
        raise PasskeyRefused("Not a WebAuthn answer: its id is missing or malformed.") from None


def verify_registration(credential: dict[str, Any], challenge: str) -> NewPasskey:
    """The new credential, once its answer to `challenge` checks out for our RP and origins."""
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=setting("WEBAUTHN_RP_ID"),
            expected_origin=setting("WEBAUTHN_ORIGINS"),
            require_user_verification=True,
        )
    except (KeyError, TypeError, ValueError, WebAuthnException) as error:
        raise PasskeyRefused(_reason(error)) from None
    return NewPasskey(
        verified.credential_id,
        verified.credential_public_key,
        verified.sign_count,
        verified.credential_backed_up,
    )


def verify_assertion(
    credential: dict[str, Any], challenge: str, public_key: bytes, sign_count: int
) -> tuple[int, bool]:
    """The new signature counter and whether the key is synced, once a sign-in answer checks
    out; a counter that does not grow (a cloned authenticator) is refused."""
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=setting("WEBAUTHN_RP_ID"),
            expected_origin=setting("WEBAUTHN_ORIGINS"),
            credential_public_key=public_key,
            credential_current_sign_count=sign_count,
            require_user_verification=True,
        )
    except (KeyError, TypeError, ValueError, WebAuthnException) as error:
        refused = CounterWentBack if "sign count" in str(error) else PasskeyRefused
        raise refused(_reason(error)) from None
    return verified.new_sign_count, verified.credential_backed_up


def _reason(error: Exception) -> str:
    """py_webauthn's own sentence for what failed; a bare parsing error says it is malformed."""
    if isinstance(error, WebAuthnException) and str(error):
        return str(error).strip().rstrip(".") + "."
    return "The answer is malformed."

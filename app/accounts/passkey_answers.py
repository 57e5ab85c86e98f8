"""A passkey's answer to a sign-in challenge, checked: what a passwordless login and a second
login step both need. Steps of a caller's transaction, but for the challenge, which is spent
for good (committed) whatever comes of the answer.
"""

from datetime import timedelta
from typing import Any

from app import db
from app.errors import UnknownPasskey
from app.models import Passkey, User, WebAuthnChallenge
from app.ops import audit
from app.ops.audit import AuditEvent
from app.ops.origin import Origin
from app.running import setting
from app.security import passkeys
from app.security.passkeys import CounterWentBack, PasskeyRefused
from app.util.datetime_util import utc_now

NO_CHALLENGE = "This answers no live challenge of yours: ask for new options and try again."


def request_options(purpose: str, user_id: int | None) -> dict[str, Any]:
    """Request options for a stored challenge; with `user_id`, only that user's passkeys."""
    passkeys_of_user = Passkey.of(user_id) if user_id is not None else []
    allow = [passkey.credential_id for passkey in passkeys_of_user]
    options = passkeys.authentication_options(allow)
    store_challenge(options.challenge, purpose, user_id)
    return options.json


def store_challenge(challenge: str, purpose: str, user_id: int | None) -> None:
    lifetime = timedelta(seconds=setting("WEBAUTHN_CHALLENGE_SECONDS"))
    row = WebAuthnChallenge(
        challenge=challenge, purpose=purpose, user_id=user_id, expires_at=utc_now() + lifetime
    )
    db.session.add(row)
    db.session.commit()


def spend_challenge(credential: dict[str, Any], purpose: str, user_id: int | None) -> str:
    """Use up, for good, the challenge the answer names; PasskeyRefused unless it is live, of
    `purpose` and the user's."""
    challenge = passkeys.challenge_of(credential)
    spent = WebAuthnChallenge.spend(challenge, utc_now(), WebAuthnChallenge.purpose == purpose)
    db.session.commit()
    if spent is None or spent.user_id != user_id:
        raise PasskeyRefused(NO_CHALLENGE)
    return challenge


def checked_answer(
    credential: dict[str, Any], purpose: str, origin: Origin, user_id: int | None = None
) -> Passkey:
    """The passkey that answered a challenge of `purpose` (and of `user_id`, if given), its
    counter moved on. UnknownPasskey for a credential no one (or not that user) has;
    PasskeyRefused, saying why, for anything else; a counter going back is audited."""
    passkey = Passkey.by_credential(passkeys.credential_id_of(credential))
    if passkey is None or (user_id is not None and passkey.user_id != user_id):
        raise UnknownPasskey()
    challenge = spend_challenge(credential, purpose, user_id)
    try:
        count, backed_up = passkeys.verify_assertion(
            credential, challenge, passkey.public_key, passkey.sign_count
        )
    except CounterWentBack:
        owner = db.session.get(User, passkey.user_id)
        audit.record_alone(
            AuditEvent.PASSKEY_COUNTER_REGRESSED, origin, subject=owner, key=passkey.id
        )
        raise
    passkey.sign_count, passkey.backed_up, passkey.last_used_at = count, backed_up, utc_now()
    return passkey


def key_kind(passkey: Passkey) -> str:
    """RFC 8176: swk for a key synced by its provider, hwk for one bound to a device."""
    return "swk" if passkey.backed_up else "hwk"

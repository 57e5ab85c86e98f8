"""Passkeys: register one with a browser's authenticator, list, rename and delete them, and
sign in with one and no password. Each function that changes something commits once.

Every ceremony answers a challenge stored here, which its answer names and which works once,
for WEBAUTHN_CHALLENGE_SECONDS.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import uuid4

from app import db
from app.accounts import passkey_answers
from app.accounts.sensitive import Operation, changed
from app.accounts.sign_in import SignInOutcome, complete_sign_in
from app.accounts.ways_in import refuse_to_lose_the_last_way_in
from app.errors import Conflict, InvalidField, NotFound, UnknownPasskey
from app.models import Passkey, User
from app.ops import audit
from app.ops.audit import AuditEvent
from app.ops.origin import Origin
from app.persistence.unique import insert_unique
from app.security import passkeys
from app.security.passkeys import PasskeyRefused
from app.util.datetime_util import utc_now

NO_SUCH_PASSKEY = "No passkey of yours with that id."
REGISTERED_ALREADY = "That passkey is registered already."


def registration_options(user: User, origin: Origin) -> dict[str, Any]:
    """Creation options for a new passkey of `user`; the ones they have are excluded."""
    known = [passkey.credential_id for passkey in Passkey.of(user.id)]
    options = passkeys.registration_options(user.public_id.encode(), user.email, known)
    changed(user, origin, Operation.PASSKEY_OPTIONS)
    passkey_answers.store_challenge(options.challenge, "register", user.id)
    return options.json


def register(user: User, credential: dict[str, Any], name: str, origin: Origin) -> Passkey:
    """Store the passkey a browser made for the user's latest creation options."""
    with _refused_as_field_error():
        challenge = passkey_answers.spend_challenge(credential, "register", user.id)
        new = passkeys.verify_registration(credential, challenge)
    passkey = Passkey(
        id=str(uuid4()),
        user_id=user.id,
        credential_id=new.credential_id,
        public_key=new.public_key,
        sign_count=new.sign_count,
        name=name,
        backed_up=new.backed_up,
        created_at=utc_now(),
    )
    insert_unique(passkey, Conflict(REGISTERED_ALREADY))
    changed(user, origin, Operation.PASSKEY_REGISTRATION, name=name, passkey=passkey.id)
    db.session.commit()
    return passkey


def passkeys_of(user_id: int) -> list[Passkey]:
    return Passkey.of(user_id)


def rename(user: User, passkey_id: str, name: str, origin: Origin) -> Passkey:
    passkey = _own(user, passkey_id)
    passkey.name = name
    audit.record(AuditEvent.PASSKEY_RENAMED, origin, actor=user, subject=user, passkey=passkey_id)
    db.session.commit()
    return passkey


def delete(user: User, passkey_id: str, origin: Origin) -> None:
    """Forget a passkey: it signs in no more. Never the account's last way in."""
    passkey = _own(user, passkey_id)
    refuse_to_lose_the_last_way_in(user)
    db.session.delete(passkey)
    changed(user, origin, Operation.PASSKEY_REMOVAL, name=passkey.name, passkey=passkey_id)
    db.session.commit()


def login_options() -> dict[str, Any]:
    """Request options with no credentials listed: the browser offers any passkey of this site,
    so no email is needed and none is revealed."""
    return passkey_answers.request_options("login", None)


def log_in(credential: dict[str, Any], origin: Origin) -> SignInOutcome:
    """Sign in with a passkey's answer; user verification makes it multi-factor."""
    with _refused_as_field_error():
        passkey = passkey_answers.checked_answer(credential, "login", origin)
    user = db.session.get(User, passkey.user_id)
    if user is None:  # deleted since the answer was checked
        raise UnknownPasskey()
    amr = [passkey_answers.key_kind(passkey), "user"]
    return complete_sign_in(user, origin, amr, method="passkey")


@contextmanager
def _refused_as_field_error() -> Iterator[None]:
    """A refused answer is a 400 on `credential`, saying why."""
    try:
        yield
    except PasskeyRefused as refused:
        raise InvalidField("credential", str(refused)) from None


def _own(user: User, passkey_id: str) -> Passkey:
    passkey = db.session.get(Passkey, passkey_id)
    if passkey is None or passkey.user_id != user.id:
        raise NotFound(NO_SUCH_PASSKEY)
    return passkey

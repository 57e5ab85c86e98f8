"""A passkey as the second step of a sign-in that began with a password or a provider. A passkey
is a way in of its own, so it never turns two-factor on, and turning two-factor off keeps it."""

from app.accounts import passkey_answers
from app.accounts.factors.base import Answer
from app.errors import UnknownPasskey
from app.models import Passkey, User
from app.security.passkeys import PasskeyRefused


class PasskeyFactor:
    """The factor: an answer to request options of purpose "mfa", from one of the user's keys."""

    name = "passkey"
    prompt = "your passkey"
    amr: tuple[str, ...] = ("hwk", "mfa")
    answer_field = "credential"
    turns_two_factor_on = False

    def is_set_up(self, user: User) -> bool:
        return bool(Passkey.of(user.id))

    def verify(self, user: User, answer: Answer) -> tuple[str, ...] | None:
        if answer.credential is None:
            return None
        try:
            passkey = passkey_answers.checked_answer(
                answer.credential, "mfa", answer.origin, user.id
            )
        except (PasskeyRefused, UnknownPasskey):
            return None
        return passkey_answers.key_kind(passkey), "mfa"

    def forget(self, user: User) -> None:
        """Nothing: passkeys are managed under /auth/passkeys, and outlive two-factor."""

    def offered_after(self, first_factor: str) -> bool:
        return True  # a passkey's own sign-in is multi-factor: it never waits for a second


PASSKEY = PasskeyFactor()

"""Codes by email as a second factor: six digits sent to the account's verified address for each
sign-in (or step-up), through the outbox, with the rules of app/accounts/emailed_codes.py. The
weakest factor we offer, as strong as the mailbox, yet often the only one a person has.
"""

from app import db
from app.accounts import emailed_codes
from app.accounts.emailed_codes import Purpose
from app.accounts.factors.base import Answer
from app.errors import Conflict
from app.models import User
from app.models.email_factor import EmailFactor
from app.util.datetime_util import utc_now

UNVERIFIED = "Verify your email address first: the codes go there."


class EmailCodes:
    """The factor: the code mailed for this sign-in, or for proving who you are again."""

    name = "email"
    prompt = "the code we emailed you"
    amr: tuple[str, ...] = ("otp", "mfa")
    answer_field = "code"
    turns_two_factor_on = True
    already_on = "Codes by email are already on."

    def is_set_up(self, user: User) -> bool:
        return EmailFactor.is_on_for(user.id)

    def verify(self, user: User, answer: Answer) -> tuple[str, ...] | None:
        purpose = Purpose.SECOND_STEP if answer.challenge else Purpose.STEP_UP
        accepted = emailed_codes.accept(user, purpose, answer.code or "", answer.challenge or "")
        return self.amr if accepted else None

    def forget(self, user: User) -> None:
        EmailFactor.forget(user.id)
        emailed_codes.forget(user, Purpose.SECOND_STEP, Purpose.STEP_UP, Purpose.ENROLMENT)

    def offered_after(self, first_factor: str) -> bool:
        """Not after a sign-in by emailed code (amr otp): the same mailbox proves nothing twice."""
        return first_factor != "otp"

    def start_enrolment(self, user: User) -> dict[str, str]:
        """Mail a code to the address, to prove it reaches the person; only to a verified one,
        or a stranger who registered it could make its owner's inbox their second factor."""
        if not user.email_verified:
            raise Conflict(UNVERIFIED)
        pending = db.session.get(EmailFactor, user.id) or EmailFactor(user_id=user.id)
        pending.created_at, pending.confirmed_at = utc_now(), None
        db.session.add(pending)
        emailed_codes.send(user, Purpose.ENROLMENT)
        return {}

    def confirm_enrolment(self, user: User, code: str) -> bool:
        pending = db.session.get(EmailFactor, user.id)
        if pending is None or pending.confirmed_at is not None:
            return False
        if not emailed_codes.accept(user, Purpose.ENROLMENT, code):
            return False
        pending.confirmed_at = utc_now()
        return True

    def send(self, user: User, challenge: str | None) -> None:
        purpose = Purpose.SECOND_STEP if challenge else Purpose.STEP_UP
        emailed_codes.send(user, purpose, challenge or "")


EMAIL_CODES = EmailCodes()

"""The authenticator app (TOTP, RFC 6238): a second factor, turned on with a code from the app.

Enrolment stores a new sealed secret that counts once a code from the app confirms it; a code
is accepted once (the time step it was made for is claimed), so a code seen over a shoulder is
worth nothing after its owner used it.
"""

from sqlalchemy import delete, select

from app import db
from app.accounts.factors.base import Answer
from app.models import TotpFactor, User
from app.running import setting
from app.security import totp
from app.security.sealing import seal, unseal
from app.util.datetime_util import utc_now


class AuthenticatorApp:
    """The factor: six digits from the user's app, each accepted once."""

    name = "totp"
    prompt = "the code from your authenticator app"
    amr: tuple[str, ...] = ("otp", "mfa")
    answer_field = "code"
    turns_two_factor_on = True
    already_on = "Two-factor authentication is already on."

    def is_set_up(self, user: User) -> bool:
        confirmed = select(TotpFactor.confirmed_at).where(TotpFactor.user_id == user.id)
        return db.session.scalar(confirmed) is not None

    def verify(self, user: User, answer: Answer) -> tuple[str, ...] | None:
        factor = db.session.get(TotpFactor, user.id)
        if factor is None or factor.confirmed_at is None or not claim_code(factor, answer.code):
            return None
        return self.amr

    def forget(self, user: User) -> None:
        db.session.execute(delete(TotpFactor).where(TotpFactor.user_id == user.id))

    def offered_after(self, first_factor: str) -> bool:
        return True

    def start_enrolment(self, user: User) -> dict[str, str]:
        """A new secret for the user's app, replacing one not yet confirmed: the secret, and
        the otpauth URI that carries it."""
        secret = totp.new_secret()
        factor = db.session.get(TotpFactor, user.id) or TotpFactor(user_id=user.id)
        factor.sealed_secret, factor.created_at = seal({"secret": secret}), utc_now()
        factor.confirmed_at = factor.last_step = None
        db.session.add(factor)
        uri = totp.provisioning_uri(secret, user.email, setting("MFA_ISSUER"))
        return {"secret": secret, "otpauth_uri": uri}

    def confirm_enrolment(self, user: User, code: str) -> bool:
        factor = db.session.get(TotpFactor, user.id)
        if factor is None or factor.confirmed_at is not None or not claim_code(factor, code):
            return False
        factor.confirmed_at = utc_now()
        return True


def claim_code(factor: TotpFactor, code: str | None) -> bool:
    """True for a code of the factor's app within the drift window, not accepted before."""
    if code is None or not totp.is_totp_code(code):
        return False
    secret = unseal(factor.sealed_secret)["secret"]
    step = totp.matching_step(secret, code, utc_now())
    return step is not None and TotpFactor.claim_step(factor.user_id, step)


AUTHENTICATOR_APP = AuthenticatorApp()

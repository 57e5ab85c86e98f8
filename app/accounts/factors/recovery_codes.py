"""Recovery codes: ten single-use codes, shown once when two-factor is turned on, for the day
the other factors are out of reach. A fallback, so having them never turns two-factor on."""

from sqlalchemy import exists, select

from app import db
from app.accounts.factors.base import Answer
from app.models import RecoveryCode, User
from app.security import totp
from app.util.datetime_util import utc_now


class RecoveryCodes:
    """The factor: one unused code, spent by the answer."""

    name = "recovery_code"
    prompt = "a recovery code"
    amr: tuple[str, ...] = (
        "mfa",
    )  # RFC 8176 has no value for a printed code: it proves only a second factor
    answer_field = "code"
    turns_two_factor_on = False

    def is_set_up(self, user: User) -> bool:
        unused = select(RecoveryCode.id).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
        return bool(db.session.scalar(select(exists(unused))))

    def verify(self, user: User, answer: Answer) -> tuple[str, ...] | None:
        code = answer.code or ""
        if totp.RECOVERY_CODE.fullmatch(code) is None:
            return None
        used = RecoveryCode.use(user.id, totp.recovery_code_hash(code), utc_now())
        return self.amr if used else None

    def forget(self, user: User) -> None:
        RecoveryCode.forget_all_of(user.id)

    def offered_after(self, first_factor: str) -> bool:
        return True


def replace(user: User) -> list[str]:
    """Ten new recovery codes for `user`, stored as hashes; every earlier one stops working.
    A step of the caller's transaction."""
    RecoveryCode.forget_all_of(user.id)
    codes = totp.new_recovery_codes()
    db.session.add_all(
        RecoveryCode(user_id=user.id, code_hash=totp.recovery_code_hash(code)) for code in codes
    )
    return codes


RECOVERY_CODES = RecoveryCodes()

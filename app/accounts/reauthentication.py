"""Asking a signed-in person for their password or a second-factor code again, before a change
or a fresh sign-in (step-up). Whoever holds a stolen session could otherwise guess the password
here at leisure and keep it after logout-all: so each answer waits out the address's login
throttle first, and each wrong one counts there as a failed login and is audited on its own
(`reauthentication_failed`).

A wrong answer commits its count and audit event and raises; a right one is a step of the
caller's transaction.
"""

from typing import NoReturn

from app.accounts import login_throttle, two_factor
from app.accounts.factors import BY_NAME, Answer
from app.errors import InvalidField
from app.models import User
from app.ops.audit import AuditEvent
from app.ops.origin import Origin

WRONG_PASSWORD = "Does not match your password."
CODE_INVALID = "That code is not valid."


def confirm_password(
    user: User, password: str, origin: Origin, *, field: str = "password", problem: str = ""
) -> None:
    """Go on only with `user`'s password; a 400 on `field` saying `problem` otherwise."""
    login_throttle.refuse_while_blocked(user.email)
    if not user.check_password(password):
        _refuse(user, origin, InvalidField(field, problem or WRONG_PASSWORD))


def confirm_code(
    user: User, code: str | None, origin: Origin, method: str | None = None
) -> tuple[str, ...]:
    """The amr a second-factor code proves for `user` by `method` (default: as its shape
    says), spending it; a 400 on `code` otherwise (with two-factor off, no code is valid)."""
    if not code:
        raise InvalidField("code", code_prompt(user))
    login_throttle.refuse_while_blocked(user.email)
    answer = Answer(origin, code=code)
    amr = two_factor.check(user, method or two_factor.default_method(code), answer)
    if amr is None:
        _refuse(user, origin, InvalidField("code", CODE_INVALID))
    return amr


def code_prompt(user: User) -> str:
    """What to ask for: every factor of the user's that answers with a code."""
    methods = [m for m in two_factor.methods_of(user) if BY_NAME[m].answer_field == "code"]
    return two_factor.prompt_for(methods or ["recovery_code"])


def _refuse(user: User, origin: Origin, wrong: InvalidField) -> NoReturn:
    """Count a wrong answer against the address like a failed login, audit it, and refuse."""
    event = AuditEvent.REAUTHENTICATION_FAILED
    login_throttle.refuse(user.email, user, origin, event, wrong, actor=user, field=wrong.field)

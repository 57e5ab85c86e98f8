"""The registry of second factors: everything that asks "which factors" (the methods a sign-in
may finish with, checking an answer, turning two-factor off, an admin's reset, whether it is on,
what to ask for) walks FACTORS. A new factor is a module implementing SecondFactor
(app/accounts/factors/base.py) and one line below; its routes, if it has any, are a module in
app/api/mfa/factors/. Listed in the order clients offer them.
"""

from app.accounts.factors.base import (
    Answer,
    CodeSendingFactor,
    EnrollingFactor,
    Enrols,
    SecondFactor,
    SendsCodes,
)
from app.accounts.factors.email import EMAIL_CODES
from app.accounts.factors.passkey import PASSKEY
from app.accounts.factors.recovery_codes import RECOVERY_CODES
from app.accounts.factors.totp import AUTHENTICATOR_APP

FACTORS: tuple[SecondFactor, ...] = (
    AUTHENTICATOR_APP,
    EMAIL_CODES,
    PASSKEY,
    RECOVERY_CODES,
)

BY_NAME: dict[str, SecondFactor] = {factor.name: factor for factor in FACTORS}

__all__ = [
    "BY_NAME",
    "FACTORS",
    "Answer",
    "CodeSendingFactor",
    "EnrollingFactor",
    "Enrols",
    "SecondFactor",
    "SendsCodes",
]

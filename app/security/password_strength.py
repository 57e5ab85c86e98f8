"""How hard a password is to guess, by zxcvbn, which knows common passwords, names and patterns;
and, with PASSWORD_BREACH_CHECK, whether it has leaked in a data breach."""

import re

from zxcvbn import zxcvbn

from app.errors import InvalidField
from app.running import setting
from app.security.breached_passwords import appears_in_breach

DEFAULT_ADVICE = "Use a few unrelated words, or a longer phrase only you would think of."
BREACHED = "This password has appeared in a data breach; choose another."


def check_strength(password: str, email: str, field: str) -> None:
    """Refuse a password easier to guess than PASSWORD_MIN_STRENGTH, with advice for a better one.

    The address and its parts count as known words: a password built on them counts for little.
    """
    known_words = [email, *re.split(r"[^a-z0-9]+", email.lower())]
    estimate = zxcvbn(password, user_inputs=[word for word in known_words if word])
    if estimate["score"] < setting("PASSWORD_MIN_STRENGTH"):
        feedback = estimate["feedback"]
        advice = " ".join([feedback["warning"], *feedback["suggestions"]]).strip()
        raise InvalidField(field, f"Password is too easy to guess. {advice or DEFAULT_ADVICE}")
    if setting("PASSWORD_BREACH_CHECK") and appears_in_breach(password):
        raise InvalidField(field, BREACHED)

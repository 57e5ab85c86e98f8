"""How hard a password is to guess, by zxcvbn, which knows common passwords, names and patterns."""

import re

from zxcvbn import zxcvbn

from app.errors import InvalidField
from app.running import setting

DEFAULT_ADVICE = "Use a few unrelated words, or a longer phrase only you would think of."


def check_strength(password: str, email: str, field: str) -> None:
    """Refuse a password easier to guess than PASSWORD_MIN_STRENGTH, with advice for a better one.

    The address and its parts count as known words: a password built on them counts for little.
    """
    known_words = [email, *re.split(r"[^a-z0-9]+", email.lower())]
    estimate = zxcvbn(password, user_inputs=[word for word in known_words if word])
    if estimate["score"] >= setting("PASSWORD_MIN_STRENGTH"):
        return
    feedback = estimate["feedback"]
    advice = " ".join([feedback["warning"], *feedback["suggestions"]]).strip() or DEFAULT_ADVICE
    raise InvalidField(field, f"Password is too easy to guess. {advice}")

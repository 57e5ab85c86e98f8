"""The emails the app sends: one function per message, each rendering its pair of templates,
app/templates/mail/<message>.txt and .html (app/mail/templates.py), with what it must say.

A new message is three steps: the function here, passing the values its templates need to
_email(); the pair of templates (the .txt with a subject block), extending layout.txt and
layout.html; a row in CASES of test/ops/test_mail_templates.py, which fails until it has one.
docs/branding.md lists each message's variables for operators: add the new one there."""

from typing import Any

from app.mail.outbox import Email
from app.mail.templates import render
from app.running import setting


def password_reset_email(recipient: str, token: str) -> Email:
    """The reset token, valid for PASSWORD_RESET_EXPIRE_SECONDS and only once."""
    minutes = setting("PASSWORD_RESET_EXPIRE_SECONDS") // 60
    how_to_use = _how_to_use(token, "PASSWORD_RESET_URL", "/api/v1/auth/password-reset/confirm")
    return _email(recipient, "password_reset", minutes=minutes, **how_to_use)


def verification_email(recipient: str, token: str) -> Email:
    """The token that proves the address is the user's."""
    how_to_use = _how_to_use(token, "EMAIL_VERIFICATION_URL", "/api/v1/auth/verify-email")
    return _email(recipient, "verification", **how_to_use)


def email_change_email(recipient: str, token: str) -> Email:
    """The token that moves an account to this new address, once."""
    hours = setting("EMAIL_CHANGE_EXPIRE_SECONDS") // 3600
    how_to_use = _how_to_use(token, "EMAIL_CHANGE_URL", "/api/v1/auth/email/confirm")
    return _email(recipient, "email_change", hours=hours, **how_to_use)


def invitation_email(recipient: str, token: str, roles: list[str], days: int) -> Email:
    """The token that lets this address register, once, with the roles it was invited to."""
    how_to_use = _how_to_use(token, "INVITATION_URL", "/api/v1/auth/register")
    return _email(recipient, "invitation", roles=", ".join(roles), days=days, **how_to_use)


def security_notice(
    recipient: str, what_happened: str, subject: str = "A change to how you sign in"
) -> Email:
    """A change to how the account signs in, or an attack on it, so that its owner hears of one
    they did not make."""
    return _email(recipient, "security_notice", what_happened=what_happened, subject=subject)


def emailed_code_email(recipient: str, code: str, what_for: str, minutes: int) -> Email:
    """A six-digit code: the proof that whoever types it reads this mailbox."""
    return _email(recipient, "emailed_code", code=code, what_for=what_for, minutes=minutes)


def _email(recipient: str, message: str, **variables: Any) -> Email:
    """The email of `message`'s templates to `recipient`, who is named to them too."""
    subject, text, html = render(message, recipient=recipient, **variables)
    return Email(recipient, subject, text, html)


def _how_to_use(token: str, url_setting: str, api_path: str) -> dict[str, str]:
    """What the templates need to say how to use a token: the link, when the front end's URL is
    configured (empty otherwise), the token itself and the route that takes it."""
    template = setting(url_setting)
    # replace(), not format(): the operator's template may hold other braces
    link = template.replace("{token}", token) if template else ""
    return {"link": link, "token": token, "api_path": api_path}

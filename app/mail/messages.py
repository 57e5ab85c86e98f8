"""The emails the app sends: what they say, and the link built from a configured template."""

from app.mail.outbox import Email
from app.running import setting


def password_reset_email(recipient: str, token: str) -> Email:
    """The reset token, valid for PASSWORD_RESET_EXPIRE_SECONDS and only once."""
    minutes = setting("PASSWORD_RESET_EXPIRE_SECONDS") // 60
    body = (
        "Someone, hopefully you, asked to reset the password of your account.\n\n"
        f"{_how_to_use(token, 'PASSWORD_RESET_URL', '/api/v1/auth/password-reset/confirm')}\n\n"
        f"It works once, within {minutes} minutes. If you did not ask for it, ignore this "
        "email: your password stays as it is.\n"
    )
    return Email(recipient, "Reset your password", body)


def verification_email(recipient: str, token: str) -> Email:
    """The token that proves the address is the user's."""
    body = (
        "Please confirm that this is your email address.\n\n"
        f"{_how_to_use(token, 'EMAIL_VERIFICATION_URL', '/api/v1/auth/verify-email')}\n\n"
        "If you did not create an account, ignore this email.\n"
    )
    return Email(recipient, "Confirm your email address", body)


def email_change_email(recipient: str, token: str) -> Email:
    """The token that moves an account to this new address, once."""
    hours = setting("EMAIL_CHANGE_EXPIRE_SECONDS") // 3600
    body = (
        "Someone, hopefully you, asked to use this address for their account.\n\n"
        f"{_how_to_use(token, 'EMAIL_CHANGE_URL', '/api/v1/auth/email/confirm')}\n\n"
        f"It works once, within {hours} hours. If you did not ask for it, ignore this email.\n"
    )
    return Email(recipient, "Confirm your new email address", body)


def invitation_email(recipient: str, token: str, roles: list[str], days: int) -> Email:
    """The token that lets this address register, once, with the roles it was invited to."""
    body = (
        "You are invited to create an account.\n\n"
        f"{_how_to_use(token, 'INVITATION_URL', '/api/v1/auth/register')}\n\n"
        f"Your account will have the roles: {', '.join(roles)}. The invitation works once, "
        f"within {days} days, for this address only. If you did not expect it, ignore this "
        "email.\n"
    )
    return Email(recipient, "You are invited", body)


def _how_to_use(token: str, url_setting: str, api_path: str) -> str:
    """A link when the front end's URL is configured; otherwise the token and where to send it."""
    template = setting(url_setting)
    if template:  # replace(), not format(): the operator's template may hold other braces
        return f"Open this link:\n{template.replace('{token}', token)}"
    return f"Send this token to POST {api_path}:\n{token}"


def security_notice(
    recipient: str, what_happened: str, subject: str = "A change to how you sign in"
) -> Email:
    """A change to how the account signs in, or an attack on it, so that its owner hears of one
    they did not make."""
    body = (
        f"{what_happened}\n\n"
        "If this was you, there is nothing to do. If it was not, reset your password at once and "
        "tell an administrator.\n"
    )
    return Email(recipient, subject, body)


def emailed_code_email(recipient: str, code: str, what_for: str, minutes: int) -> Email:
    """A six-digit code: the proof that whoever types it reads this mailbox."""
    body = (
        f"Your code {what_for} is:\n\n{code}\n\n"
        f"It works once, within {minutes} minutes. If you did not ask for it, ignore this "
        "email: without the code nobody gets in.\n"
    )
    return Email(recipient, f"Your code {what_for}", body)

"""Request parsers of the account lifecycle routes."""

from typing import Any

from app.api import examples
from app.api.body import body_parser
from app.api.input_fields import any_password, email_address, new_password
from app.api.refresh_transport import add_transport_field

MAX_TOKEN_LENGTH = 4096  # far above any token we issue; longer is not one of ours


def emailed_token(value: Any) -> str:
    """A token as sent by email: non-empty text of a sane length."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TOKEN_LENGTH:
        raise ValueError("token must be the token from the email, as text.")
    return value.strip()


change_password_reqparser = body_parser()
change_password_reqparser.add_argument(
    "current_password",
    type=any_password,
    required=True,
    description="Your password now",
    example=examples.PASSWORD,
)
change_password_reqparser.add_argument(
    "new_password",
    type=new_password,
    required=True,
    description="The password from now on (the password rules apply)",
    example=examples.NEW_PASSWORD,
)
add_transport_field(change_password_reqparser)

reset_request_reqparser = body_parser()
reset_request_reqparser.add_argument(
    "email",
    type=email_address,
    required=True,
    description="The address of the account",
    example=examples.EMAIL,
)

reset_confirm_reqparser = body_parser()
reset_confirm_reqparser.add_argument(
    "token",
    type=emailed_token,
    required=True,
    description="The token from the reset email",
    example=examples.EMAILED_TOKEN,
)
reset_confirm_reqparser.add_argument(
    "new_password",
    type=new_password,
    required=True,
    description="The password from now on (the password rules apply)",
    example=examples.NEW_PASSWORD,
)

verify_email_reqparser = body_parser()
verify_email_reqparser.add_argument(
    "token",
    type=emailed_token,
    required=True,
    description="The token from the verification email",
    example=examples.EMAILED_TOKEN,
)

change_email_reqparser = body_parser()
change_email_reqparser.add_argument(
    "new_email",
    type=email_address,
    required=True,
    description="The address to move the account to",
    example=examples.NEW_EMAIL,
)
change_email_reqparser.add_argument(
    "password",
    type=any_password,
    required=True,
    description="Your password, to confirm it is you",
    example=examples.PASSWORD,
)

confirm_email_reqparser = body_parser()
confirm_email_reqparser.add_argument(
    "token",
    type=emailed_token,
    required=True,
    description="The token from the email to the new address",
    example=examples.EMAILED_TOKEN,
)

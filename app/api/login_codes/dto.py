"""Parsers of sign-in by a code sent by email."""

from app.api import examples
from app.api.body import body_parser
from app.api.input_fields import email_address, emailed_code
from app.api.refresh_transport import add_transport_field

send_code_reqparser = body_parser()
send_code_reqparser.add_argument(
    "email",
    type=email_address,
    required=True,
    description="The address to sign in as",
    example=examples.EMAIL,
)

confirm_code_reqparser = send_code_reqparser.copy()
confirm_code_reqparser.add_argument(
    "code",
    type=emailed_code,
    required=True,
    description="The six digits from the email",
    example=examples.CODE,
)
add_transport_field(confirm_code_reqparser)

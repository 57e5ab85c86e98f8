"""Parsers of sign-in by a code sent by email."""

from app.api.body import body_parser
from app.api.browser_session import BODY, refresh_transport
from app.api.input_fields import email_address, emailed_code

send_code_reqparser = body_parser()
send_code_reqparser.add_argument("email", type=email_address, required=True)

confirm_code_reqparser = send_code_reqparser.copy()
confirm_code_reqparser.add_argument("code", type=emailed_code, required=True)
confirm_code_reqparser.add_argument("refresh_transport", type=refresh_transport, default=BODY)

"""Two-factor parsers, and the enrolment and recovery-code models."""

import io
from typing import Any

import segno
from flask_restx import Model, fields

from app.accounts.factors import BY_NAME
from app.api import examples
from app.api.body import body_parser
from app.api.input_fields import any_password, credential
from app.api.refresh_transport import add_transport_field
from app.security.totp import RECOVERY_CODE, TOTP_CODE

MAX_MFA_TOKEN_LENGTH = 4096  # far above any token we issue
MFA_TOKEN_INVALID = "mfa_token must be the mfa_token of your login's answer."


def mfa_code(value: Any) -> str:
    """A six-digit code of a second factor, or a recovery code (any case, dash or not)."""
    code = value.strip().lower() if isinstance(value, str) else ""
    if not (TOTP_CODE.fullmatch(code) or RECOVERY_CODE.fullmatch(code)):
        raise ValueError("code must be a 6-digit code, or a recovery code such as k7d3m-x9q2p.")
    return code


def method(value: Any) -> str:
    """The second factor an answer is for, by its name in `methods`."""
    if value not in BY_NAME:
        raise ValueError(f"method must be one of: {', '.join(BY_NAME)}.")
    return str(value)


def mfa_token(value: Any) -> str:
    """The mfa_token of the login's first answer."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_MFA_TOKEN_LENGTH:
        raise ValueError(MFA_TOKEN_INVALID)
    return value.strip()


mfa_code.__schema__ = {"type": "string"}  # type: ignore[attr-defined]
method.__schema__ = {"type": "string", "enum": list(BY_NAME)}  # type: ignore[attr-defined]


def qr_svg(uri: str) -> str:
    """The otpauth URI as a QR code: a standalone SVG document on white, for the app's camera,
    whether a page shows it inline or saves it (segno, a well-kept encoder)."""
    svg = io.BytesIO()
    segno.make(uri, error="m").save(svg, kind="svg", xmldecl=False, scale=4, light="#fff")
    return svg.getvalue().decode()


code_reqparser = body_parser()
CODE = "A 6-digit code (from the app, or emailed), or a recovery code such as k7d3m-x9q2p"
CREDENTIAL = '{"id": "AbC1...", "type": "public-key", "response": {"authenticatorData": "..."}}'
code_reqparser.add_argument(
    "code", type=mfa_code, required=True, description=CODE, example=examples.CODE
)

turn_off_reqparser = code_reqparser.copy()
turn_off_reqparser.add_argument(
    "password",
    type=any_password,
    required=True,
    description="Your password, with the code",
    example=examples.PASSWORD,
)

login_mfa_reqparser = body_parser()
login_mfa_reqparser.add_argument(
    "mfa_token",
    type=mfa_token,
    required=True,
    description="The mfa_token of the login's 401 mfa_required answer",
    example=examples.MFA_TOKEN,
)
login_mfa_reqparser.add_argument(
    "method",
    type=method,
    description="Which of the answer's methods; left out, as code or credential says",
    example="totp",
)
login_mfa_reqparser.add_argument(
    "code", type=mfa_code, description=CODE + "; or send credential", example=examples.CODE
)
login_mfa_reqparser.add_argument(
    "credential",
    type=credential,
    description="With a passkey: PublicKeyCredential.toJSON() of the passkey options",
    example=CREDENTIAL,
)
add_transport_field(login_mfa_reqparser)

mfa_token_reqparser = body_parser()
mfa_token_reqparser.add_argument(
    "mfa_token",
    type=mfa_token,
    required=True,
    description="The mfa_token of the login's 401 mfa_required answer",
    example=examples.MFA_TOKEN,
)

reauthenticate_reqparser = body_parser()
reauthenticate_reqparser.add_argument(
    "password",
    type=any_password,
    required=True,
    description="Your password",
    example=examples.PASSWORD,
)
reauthenticate_reqparser.add_argument(
    "code", type=mfa_code, description=CODE + "; with two-factor on", example=examples.CODE
)
reauthenticate_reqparser.add_argument(
    "method", type=method, description="Which factor the code is from", example="totp"
)
add_transport_field(reauthenticate_reqparser)

enrolment_model = Model(
    "TotpEnrolment",
    {
        "secret": fields.String(
            description="Base32, for typing into the app by hand",
            example="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
        ),
        "otpauth_uri": fields.String(
            description="The secret as a link an authenticator app opens",
            example="otpauth://totp/Flask%20JWT%20API:ada%40example.com?secret=JBSWY3DP...",
        ),
        "qr_svg": fields.String(
            description="The otpauth_uri as a QR code, in SVG",
            example='<svg xmlns="http://www.w3.org/2000/svg" width="180" height="180">...</svg>',
        ),
    },
)

recovery_codes_model = Model(
    "RecoveryCodes",
    {
        "recovery_codes": fields.List(
            fields.String,
            description="Shown once: each works once, instead of a code",
            example=["k7d3m-x9q2p", "a4f8r-2nb6t", "q9w3e-7yt5u"],
        )
    },
)

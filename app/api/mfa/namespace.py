"""mfa_ns, the namespace of two-factor authentication and step-up under /api/v1/auth, and the
key of its per-account limits: on their own, so that the routes of each factor
(app/api/mfa/factors) can join and share them."""

from http import HTTPStatus

from flask import request

from app.api.body import body_field
from app.api.errors import error_model, error_response
from app.api.mfa.dto import enrolment_model, recovery_codes_model
from app.api.readable_swagger import DocumentedNamespace
from app.api.responses import token_model
from app.api.webauthn_options import request_options_model
from app.errors import SignInExpired
from app.security import tokens
from app.security.tokens import TokenKind
from app.util.result import Fail

SIGN_IN_EXPIRED = error_response(
    HTTPStatus.UNAUTHORIZED, "The sign-in expired: log in again.", str(SignInExpired())
)

mfa_ns = DocumentedNamespace(
    name="mfa", description="Two-factor authentication, and signing in again"
)
for model in (
    enrolment_model,
    recovery_codes_model,
    request_options_model,
    token_model,
    error_model,
):
    mfa_ns.add_model(model.name, model)


def mfa_account() -> str:
    """The account a second login step is for, as the per-account limit counts it: the user of
    a verified mfa_token, so that a forged one naming someone never spends their attempts.
    Anything else counts against the client's address."""
    result = tokens.decode(str(body_field(request, "mfa_token") or ""), TokenKind.MFA)
    if isinstance(result, Fail):
        return f"mfa-address:{request.remote_addr}"
    return f"mfa-account:{result.value.public_id}"

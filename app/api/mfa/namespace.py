"""mfa_ns, the namespace of two-factor authentication and step-up under /api/v1/auth, on its
own so that the routes of each factor (app/api/mfa/factors) can join it."""

from flask_restx import Namespace

from app.api.errors import error_model
from app.api.mfa.dto import enrolment_model, recovery_codes_model
from app.api.responses import token_model
from app.api.webauthn_options import request_options_model

mfa_ns = Namespace(name="mfa", description="Two-factor authentication, and signing in again")
for model in (
    enrolment_model,
    recovery_codes_model,
    request_options_model,
    token_model,
    error_model,
):
    mfa_ns.add_model(model.name, model)

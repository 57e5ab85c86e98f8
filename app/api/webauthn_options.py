"""The models of WebAuthn options, which the passkey routes and a login's second step answer."""

from flask_restx import Model, fields

# The WebAuthn Level 3 JSON forms (PublicKeyCredential.parseCreationOptionsFromJSON and
# parseRequestOptionsFromJSON take them as they are); byte fields are base64url.
creation_options_model = Model(
    "PublicKeyCredentialCreationOptionsJSON",
    {
        "rp": fields.Raw(example={"name": "Flask JWT API", "id": "example.com"}),
        "user": fields.Raw(description="id (base64url), name and displayName"),
        "challenge": fields.String(description="base64url; answered once, within 5 minutes"),
        "pubKeyCredParams": fields.List(fields.Raw, description="EdDSA, ES256, RS256"),
        "timeout": fields.Integer(description="Milliseconds"),
        "excludeCredentials": fields.List(
            fields.Raw, description="Your passkeys already registered"
        ),
        "authenticatorSelection": fields.Raw(
            example={"residentKey": "preferred", "userVerification": "required"}
        ),
        "attestation": fields.String(example="none"),
    },
)
request_options_model = Model(
    "PublicKeyCredentialRequestOptionsJSON",
    {
        "challenge": fields.String(description="base64url; answered once, within 5 minutes"),
        "timeout": fields.Integer(description="Milliseconds"),
        "rpId": fields.String(example="example.com"),
        "allowCredentials": fields.List(fields.Raw, description="Empty: any passkey of this site"),
        "userVerification": fields.String(example="required"),
    },
)

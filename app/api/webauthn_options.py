"""The models of WebAuthn options, which the passkey routes and a login's second step answer."""

from flask_restx import Model, fields

EMAIL = "ada@example.com"
CHALLENGE = "base64url; answered once, within 5 minutes"
CHALLENGE_EXAMPLE = "q3Vb9xK2mZ8wL4tR7yN1pS6dF0gH5jC..."
# The WebAuthn Level 3 JSON forms (PublicKeyCredential.parseCreationOptionsFromJSON and
# parseRequestOptionsFromJSON take them as they are); byte fields are base64url.
creation_options_model = Model(
    "PublicKeyCredentialCreationOptionsJSON",
    {
        "rp": fields.Raw(
            description="This site, the relying party",
            example={"name": "Flask JWT API", "id": "example.com"},
        ),
        "user": fields.Raw(
            description="id (base64url), name and displayName",
            example={"id": "T2ZfM2Y5...", "name": EMAIL, "displayName": EMAIL},
        ),
        "challenge": fields.String(description=CHALLENGE, example=CHALLENGE_EXAMPLE),
        "pubKeyCredParams": fields.List(
            fields.Raw,
            description="EdDSA, ES256, RS256",
            example=[{"type": "public-key", "alg": -8}, {"type": "public-key", "alg": -7}],
        ),
        "timeout": fields.Integer(description="Milliseconds", example=300000),
        "excludeCredentials": fields.List(
            fields.Raw,
            description="Your passkeys already registered",
            example=[{"type": "public-key", "id": "AbC1dEf2..."}],
        ),
        "authenticatorSelection": fields.Raw(
            description="A passkey the browser keeps, unlocked by the person",
            example={"residentKey": "preferred", "userVerification": "required"},
        ),
        "attestation": fields.String(
            description="none: no proof of the device's make is asked", example="none"
        ),
    },
)
request_options_model = Model(
    "PublicKeyCredentialRequestOptionsJSON",
    {
        "challenge": fields.String(description=CHALLENGE, example=CHALLENGE_EXAMPLE),
        "timeout": fields.Integer(description="Milliseconds", example=300000),
        "rpId": fields.String(description="This site's domain", example="example.com"),
        "allowCredentials": fields.List(
            fields.Raw,
            description="Empty: any passkey of this site",
            example=[{"type": "public-key", "id": "AbC1dEf2..."}],
        ),
        "userVerification": fields.String(
            description="The device checks the person (PIN, fingerprint)", example="required"
        ),
    },
)

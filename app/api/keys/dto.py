"""The JWK and JWK Set models (RFC 7517)."""

from flask_restx import Model, fields

jwk_model = Model(
    "JWK",
    {
        name: fields.String(description=text, example=example)
        for name, text, example in (
            ("kty", "Key type: OKP, EC or RSA", "EC"),
            (
                "kid",
                "The key's RFC 7638 thumbprint, as in each token's header",
                "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs",
            ),
            ("alg", "EdDSA, ES256 or RS256", "ES256"),
            ("use", "What the key is for: sig, signatures", "sig"),
            ("crv", "Curve (OKP, EC)", "P-256"),
            ("x", "Public key (OKP, EC)", "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"),
            ("y", "Public key (EC)", "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"),
            ("n", "Modulus (RSA)", "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4..."),
            ("e", "Exponent (RSA)", "AQAB"),
        )
    },
)
jwks_model = Model(
    "JWKS",
    {
        "keys": fields.List(
            fields.Nested(jwk_model), description="Every key still accepted, the signing one first"
        )
    },
)

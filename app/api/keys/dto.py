"""The JWK and JWK Set models (RFC 7517)."""

from flask_restx import Model, fields

jwk_model = Model(
    "JWK",
    {
        name: fields.String(description=text)
        for name, text in (
            ("kty", "Key type: OKP, EC or RSA"),
            ("kid", "The key's RFC 7638 thumbprint, as in each token's header"),
            ("alg", "EdDSA, ES256 or RS256"),
            ("use", "sig"),
            ("crv", "Curve (OKP, EC)"),
            ("x", "Public key (OKP, EC)"),
            ("y", "Public key (EC)"),
            ("n", "Modulus (RSA)"),
            ("e", "Exponent (RSA)"),
        )
    },
)
jwks_model = Model("JWKS", {"keys": fields.List(fields.Nested(jwk_model))})

"""Headers on every API response: none is cached unless its route says so, and HSTS over TLS."""

from flask import Response, request

# RFC 6749, section 5.1 for token responses, and ASVS V14.3.2 for any account data (a widget
# names its owner's address): no cache along the way may keep a copy.
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
# ASVS V3.4.1; sent only over TLS (RFC 6797, section 7.2), as a proxy in front reports it.
HSTS = "max-age=31536000; includeSubDomains"


def add_api_headers(response: Response) -> Response:
    """no-store unless the route set its own Cache-Control (the JWK Set is cacheable)."""
    if "Cache-Control" not in response.headers:
        response.headers.update(NO_STORE)
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = HSTS
    return response

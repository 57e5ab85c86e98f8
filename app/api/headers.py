"""Headers on every API response: none is cached unless its route says so. (HSTS goes on every
response of the site: app/security_headers.py.)"""

from flask import Response

# RFC 6749, section 5.1 for token responses, and ASVS V14.3.2 for any account data (a widget
# names its owner's address): no cache along the way may keep a copy.
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def add_api_headers(response: Response) -> Response:
    """no-store unless the route set its own Cache-Control (the JWK Set is cacheable)."""
    if "Cache-Control" not in response.headers:
        response.headers.update(NO_STORE)
    return response

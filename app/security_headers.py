"""Headers that tell a browser what every response may do (API.md, "Hardening"): no guessing of
types, no Referer, no framing, and a Content-Security-Policy. JSON allows nothing at all; the one
HTML page, Swagger UI, allows exactly what it loads: this server's scripts, styles, fonts and
images (and the images its stylesheet inlines as data:), and requests to this server. The hosted
sign-in pages set their own policy, as strict (app/hosted/headers.py)."""

from flask import Response, request

EVERY_RESPONSE = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
NOTHING_ALLOWED = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
SWAGGER_UI_ALLOWED = (
    "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
SWAGGER_UI_PAGE = "api.doc"
# ASVS V3.4.1; sent only over TLS (RFC 6797, section 7.2), as a proxy in front reports it: on
# every response, the provider's pages and discovery as much as the API.
HSTS = "max-age=31536000; includeSubDomains"


def add_security_headers(response: Response) -> Response:
    response.headers.update(EVERY_RESPONSE)
    page = request.endpoint == SWAGGER_UI_PAGE
    # A hosted sign-in page has set its own (app/hosted/headers.py); everything else gets one here.
    policy = SWAGGER_UI_ALLOWED if page else NOTHING_ALLOWED
    response.headers.setdefault("Content-Security-Policy", policy)
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = HSTS
    return response

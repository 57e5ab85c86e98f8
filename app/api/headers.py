"""Response headers that several namespaces send."""

# RFC 6749, section 5.1 for token responses, and ASVS V14.3.2 for any account data:
# no cache along the way may keep a copy.
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}

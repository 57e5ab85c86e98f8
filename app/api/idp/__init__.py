"""Being the identity provider: the OAuth 2.0 authorization server other apps use, built on
Authlib's server side (server.py) with this API's own tokens and rules."""

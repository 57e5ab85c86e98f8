"""OpenID Connect Discovery and RFC 8414 metadata: where a client finds every other endpoint."""

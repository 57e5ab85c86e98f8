"""The oidc namespace, under /auth/oidc: sign in with an OpenID Connect provider."""

"""The tokens namespace, under /auth/tokens: your personal access tokens."""

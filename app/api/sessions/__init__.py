"""The sessions namespace, under /auth/sessions: each login, listed and ended by its owner."""

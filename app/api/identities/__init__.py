"""The identities namespace, under /auth/identities: provider accounts linked to yours."""

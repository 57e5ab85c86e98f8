"""The passkeys namespace, under /auth/passkeys: register, list, rename, delete, sign in."""

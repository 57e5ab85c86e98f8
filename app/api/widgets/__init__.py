"""The /widgets namespace: admins write, every user with a valid token reads."""

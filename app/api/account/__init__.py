"""The account namespace, under /auth: change or reset a password, verify an address."""

"""The users namespace: accounts, for admins."""

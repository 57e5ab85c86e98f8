"""The audit namespace: the security events, for admins."""

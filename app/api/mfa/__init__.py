"""The mfa namespace, under /auth: two-factor authentication, its second login step, and
signing in again for sensitive changes (step-up)."""

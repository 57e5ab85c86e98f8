"""Account rules several use cases share: login sessions, the last admin, input fields,
two-factor checks and passkey answers."""

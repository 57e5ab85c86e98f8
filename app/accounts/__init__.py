"""Account rules several use cases share: login sessions, the last admin, the last way in,
input fields, two-factor checks and passkey answers."""

"""Account rules several use cases share: login sessions, the last admin, input fields."""

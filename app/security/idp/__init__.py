"""The identity provider's rules, shared by its routes, the admin API and the CLI: what a
client may be registered with, and what its tokens may do."""

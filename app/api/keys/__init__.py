"""The keys namespace: the public keys other services verify our tokens with."""

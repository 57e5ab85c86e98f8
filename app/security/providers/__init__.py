"""Sign-in providers, one module per kind (OpenID Connect, GitHub), each a SignInProvider
(base.py) that registry.py finds by the kind's name. Plain Python: no Flask, nothing stored."""

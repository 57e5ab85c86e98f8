"""The HTTP layer and its namespaces' use cases. Nothing here on purpose: importing a use case
(the CLI does) must not build the Api; create_app imports app.api.blueprint, which does."""

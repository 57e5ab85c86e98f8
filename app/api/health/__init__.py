"""The health namespace: readiness for load balancers, naming the part that is down."""

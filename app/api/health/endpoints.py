"""health_ns: GET /api/v1/health."""

from http import HTTPStatus
from typing import Any

from flask_restx import Resource

from app.api.health import business
from app.api.health.dto import health_model
from app.api.readable_swagger import DocumentedNamespace

health_ns = DocumentedNamespace(
    name="health", description="Readiness for load balancers and monitors"
)
health_ns.add_model(health_model.name, health_model)


@health_ns.route("", endpoint="health")
class Health(Resource):
    """The service's health."""

    @health_ns.response(
        int(HTTPStatus.OK), "The database answers (Redis may not: degraded).", health_model
    )
    @health_ns.response(
        int(HTTPStatus.SERVICE_UNAVAILABLE),
        "The database does not answer.",
        health_model,
        {"status": "unavailable", "checks": {"database": "unavailable", "redis": "ok"}},
    )
    def get(self) -> tuple[dict[str, Any], HTTPStatus]:
        """Check the database and, when the rate limits use it, Redis.

        Anyone may call it, no token needed. Only the database decides readiness: without
        Redis every process goes on limiting on its own, so a load balancer must not take the
        instance out for it.
        """
        checks = business.check_parts()
        if checks["database"] != "ok":
            return {"status": "unavailable", "checks": checks}, HTTPStatus.SERVICE_UNAVAILABLE
        status = "ok" if all(state == "ok" for state in checks.values()) else "degraded"
        return {"status": status, "checks": checks}, HTTPStatus.OK

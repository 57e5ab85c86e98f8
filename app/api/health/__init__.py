"""GET /api/v1/health: readiness for load balancers, naming the part that is down."""

from http import HTTPStatus
from typing import Any

import redis
from flask import current_app
from flask_restx import Model, Namespace, Resource, fields
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.models.reads import read_connection

health_ns = Namespace(name="health", description="Readiness for load balancers and monitors")
health_model = health_ns.add_model(
    "Health",
    Model(
        "Health",
        {
            "status": fields.String(
                enum=["ok", "degraded", "unavailable"],
                description="degraded: Redis is down and each process limits on its own",
            ),
            "checks": fields.Raw(
                description='Each part: "ok" or "unavailable"; redis only when limits use it',
                example={"database": "ok", "redis": "ok"},
            ),
        },
    ),
)
REDIS_SCHEMES = ("redis://", "rediss://")
SELECT_ONE = text("SELECT 1")


@health_ns.route("", endpoint="health")
class Health(Resource):
    """The service's health."""

    @health_ns.response(
        int(HTTPStatus.OK), "The database answers (Redis may not: degraded).", health_model
    )
    @health_ns.response(
        int(HTTPStatus.SERVICE_UNAVAILABLE), "The database does not answer.", health_model
    )
    def get(self) -> tuple[dict[str, Any], HTTPStatus]:
        """Check the database and, when the rate limits use it, Redis.

        Only the database decides readiness: without Redis every process goes on limiting on
        its own, so a load balancer must not take the instance out for it.
        """
        checks = {"database": _database()}
        if current_app.config["RATELIMIT_STORAGE_URI"].startswith(REDIS_SCHEMES):
            checks["redis"] = _redis()
        if checks["database"] != "ok":
            return {"status": "unavailable", "checks": checks}, HTTPStatus.SERVICE_UNAVAILABLE
        status = "ok" if all(state == "ok" for state in checks.values()) else "degraded"
        return {"status": status, "checks": checks}, HTTPStatus.OK


def _database() -> str:
    """One statement on the request's read connection: no ORM session is needed to ask."""
    try:
        read_connection().execute(SELECT_ONE)
    except SQLAlchemyError:
        return "unavailable"
    return "ok"


def _redis() -> str:
    try:
        _redis_client().ping()
    except redis.RedisError:
        return "unavailable"
    return "ok"


def _redis_client() -> redis.Redis:
    """One client (and connection pool) per app: load balancers ask every few seconds."""
    extensions = current_app.extensions
    if "health_redis" not in extensions:
        url = current_app.config["RATELIMIT_STORAGE_URI"]
        extensions["health_redis"] = redis.Redis.from_url(
            url, socket_connect_timeout=1, socket_timeout=1
        )
    client: redis.Redis = extensions["health_redis"]
    return client

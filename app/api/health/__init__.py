"""GET /api/v1/health: is the app up and does its database answer."""

from http import HTTPStatus
from typing import Any

from flask_restx import Model, Namespace, Resource, fields
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app import db

health_ns = Namespace(name="health", description="Liveness for load balancers and monitors")
health_model = health_ns.add_model("Health", Model("Health", {"status": fields.String}))


@health_ns.route("", endpoint="health")
class Health(Resource):
    """The service's health."""

    @health_ns.response(int(HTTPStatus.OK), "The database answers.", health_model)
    @health_ns.response(int(HTTPStatus.SERVICE_UNAVAILABLE), "The database does not.", health_model)
    def get(self) -> tuple[dict[str, Any], HTTPStatus]:
        """Check that the database answers a trivial query."""
        try:
            db.session.execute(text("SELECT 1"))
        except SQLAlchemyError:
            db.session.rollback()
            return {"status": "unavailable"}, HTTPStatus.SERVICE_UNAVAILABLE
        return {"status": "ok"}, HTTPStatus.OK

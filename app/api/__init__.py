"""api_bp: the Api at /api/v1 with Swagger UI at /api/v1/ui and its namespaces."""

from flask import Blueprint
from flask_restx import Api

from app.api.account.endpoints import account_ns
from app.api.audit.endpoints import audit_ns
from app.api.auth.endpoints import auth_ns
from app.api.control_characters import refuse_in_path_and_query
from app.api.errors import register_api_error_handlers
from app.api.headers import add_api_headers
from app.api.health import health_ns
from app.api.keys.endpoints import keys_ns
from app.api.sessions.endpoints import sessions_ns
from app.api.users.endpoints import users_ns
from app.api.widgets.endpoints import widget_ns

DESCRIPTION = (
    "A JSON API with bearer-token authentication. Register or log in under **auth**, copy the "
    "`access_token` from the response, click **Authorize** and paste it: the token alone or "
    "`Bearer <token>` both work. Every error is JSON: `{status, message, errors?}`."
)

api_bp = Blueprint("api", __name__, url_prefix="/api/v1")
api_bp.before_request(refuse_in_path_and_query)
api_bp.after_request(add_api_headers)
api = Api(
    api_bp,
    version="1.0",
    title="Flask JWT API",
    description=DESCRIPTION,
    doc="/ui",
    authorizations={"Bearer": {"type": "apiKey", "in": "header", "name": "Authorization"}},
)
api.add_namespace(auth_ns, path="/auth")
api.add_namespace(account_ns, path="/auth")
api.add_namespace(sessions_ns, path="/auth/sessions")
api.add_namespace(keys_ns, path="/auth")
api.add_namespace(widget_ns, path="/widgets")
api.add_namespace(users_ns, path="/users")
api.add_namespace(audit_ns, path="/audit")
api.add_namespace(health_ns, path="/health")
register_api_error_handlers(api)

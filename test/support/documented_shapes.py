"""Every answer the suite gets from the API, checked against what swagger.json documents for it.

Response bodies are built by hand for speed (app/api/*/dto.py), next to the flask-restx Models
that document them. This check is what keeps the two the same: each JSON body must have exactly
the keys of the model documented for its operation and status, each of the documented type, all
the way down. An error status an operation does not document must still be the error envelope.
"""

from datetime import datetime
from typing import Any

from werkzeug.routing import Map

# Keys a body may leave out, by model: the page links that do not exist, the error envelope's
# field errors (400 only) and request id (500 only), and the token response's refresh token or
# CSRF value.
OPTIONAL_KEYS = {
    "PageLinks": {"prev", "next"},
    "Error": {"errors", "request_id"},
    "TokenResponse": {"refresh_token", "csrf_token"},  # one or the other, by refresh_transport
    "MfaRequired": {"error", "mfa_token", "methods"},  # a wrong password has none of them
    "Introspection": {"sub", "scope", "exp", "token_type", "client_id"},  # inactive: only active
    "NewClient": {"client_secret"},  # a public client has none
    "ProviderToken": {"refresh_token", "id_token"},  # with offline_access, with openid
    "UserInfo": {"email", "email_verified", "name"},  # as the scopes allow
    "WidgetOwner": {"email"},  # never to a token issued to another app
    "JWK": {"crv", "x", "y", "n", "e"},  # the members of its key type (RFC 7518, 6)
}
TYPES: dict[str, type | tuple[type, ...]] = {
    "string": str,
    "boolean": bool,
    "integer": int,
    "number": (int, float),
    "array": list,
}
NOT_CHECKED = ("/api/v1/swagger.json", "/api/v1/openapi.json", "/api/v1/ui")


class DocumentedShapes:
    """The documented response schemas of one API, looked up by request."""

    def __init__(self, swagger: dict[str, Any], url_map: Map) -> None:
        self.swagger, self.url_map = swagger, url_map

    def problems(self, method: str, path: str, status: int, body: Any) -> list[str]:
        """What is wrong with `body` as the answer `status` to `method path`; [] when right."""
        if not path.startswith("/api/v1") or path.startswith(NOT_CHECKED):
            return []
        responses = self._responses(method, path)
        documented = responses.get(str(status), {}).get("schema")
        if documented is None and status >= 400:
            documented = {"$ref": "#/definitions/Error"}  # the envelope, documented or not
        if documented is None:
            return [] if body is None else [f"{status} has a body, but documents none"]
        return self._check(documented, body, "body")

    def _responses(self, method: str, path: str) -> dict[str, Any]:
        """The operation's documented responses; {} when no route matches (a 404 or 405)."""
        adapter = self.url_map.bind("localhost")
        try:
            rule, _ = adapter.match(path, method, return_rule=True)
        except Exception:  # NotFound, MethodNotAllowed, RequestRedirect: no operation
            return {}
        swagger_path = rule.rule.removeprefix(self.swagger["basePath"])
        for name in rule.arguments:
            swagger_path = swagger_path.replace(f"<{name}>", f"{{{name}}}")
        operation = self.swagger["paths"].get(swagger_path, {}).get(method.lower(), {})
        responses: dict[str, Any] = operation.get("responses", {})
        return responses

    def _check(self, schema: dict[str, Any], value: Any, where: str) -> list[str]:
        if value is None:
            return [] if schema.get("x-nullable") else [f"{where} is null, documented not null"]
        if "allOf" in schema:  # a described or nullable reference
            return [
                problem for part in schema["allOf"] for problem in self._check(part, value, where)
            ]
        if "$ref" in schema:
            name = schema["$ref"].removeprefix("#/definitions/")
            return self._check_object(name, value, where)
        kind = schema.get("type")
        if kind == "object":  # fields.Raw: any JSON object
            return [] if isinstance(value, dict) else [f"{where} is not an object"]
        expected = TYPES[kind]
        if not isinstance(value, expected) or (kind != "boolean" and isinstance(value, bool)):
            return [f"{where} is {type(value).__name__}, documented {kind}"]
        if kind == "array":
            return [
                problem
                for index, item in enumerate(value)
                for problem in self._check(schema["items"], item, f"{where}[{index}]")
            ]
        if schema.get("format") == "date-time":
            return _iso_datetime_problems(value, where)
        if "enum" in schema and value not in schema["enum"]:
            return [f"{where} is {value!r}, not one of {schema['enum']}"]
        return []

    def _check_object(self, name: str, value: Any, where: str) -> list[str]:
        if not isinstance(value, dict):
            return [f"{where} is {type(value).__name__}, documented as {name}"]
        properties = self.swagger["definitions"][name]["properties"]
        problems = [f"{where}.{key} is not in {name}" for key in value.keys() - properties.keys()]
        missing = properties.keys() - value.keys() - OPTIONAL_KEYS.get(name, set())
        problems += [f"{where}.{key} of {name} is missing" for key in sorted(missing)]
        for key in value.keys() & properties.keys():
            problems += self._check(properties[key], value[key], f"{where}.{key}")
        return problems


def _iso_datetime_problems(value: str, where: str) -> list[str]:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return [f"{where} is {value!r}, not an ISO 8601 date and time"]
    return []

"""OpenAPI 3.0.3 at /api/v1/openapi.json, converted from the Swagger 2.0 document flask-restx
builds (swagger.json), so the two describe the same definitions and cannot drift apart.

Swagger 2.0 has no bearer scheme, so there the token is an API key a person types with or
without `Bearer `; OpenAPI 3 says `type: http, scheme: bearer`, so clients and Swagger UI add
`Bearer ` themselves. Bodies that Swagger 2.0 gives as form fields become a form request body.
Every body route reads the same fields from a JSON object too (docs/API.md, Bodies), but the
document names one encoding: openapi-python-client 0.29 generates code that fails to import
for an operation offering two.
"""

from typing import Any

VERSION = "3.0.3"
BEARER_SCHEME = {
    "type": "http",
    "scheme": "bearer",
    "description": "The access_token of a login, register or refresh response, or a "
    "personal access token (pat_...).",
}
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
RENAMED_KEYS = {"x-nullable": "nullable"}
OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch")
# Swagger 2.0 parameter keys that describe the value, which OpenAPI 3 moves into `schema`.
SCHEMA_KEYS = (
    "type",
    "format",
    "items",
    "enum",
    "default",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "multipleOf",
)


def openapi_document(swagger: dict[str, Any], path_order: list[str]) -> dict[str, Any]:
    """The OpenAPI 3 twin of a Swagger 2.0 document, its paths in `path_order` (any it leaves
    out after them): Swagger UI lists the operations of a tag in the document's order."""
    paths = swagger["paths"]
    ordered = [path for path in path_order if path in paths]
    ordered += [path for path in paths if path not in ordered]
    document = {
        "openapi": VERSION,
        "info": swagger["info"],
        "servers": [{"url": swagger.get("basePath", "/")}],
        "tags": swagger.get("tags", []),
        "paths": {path: _path_item(paths[path]) for path in ordered},
        "components": {
            "schemas": swagger.get("definitions", {}),
            "securitySchemes": {
                name: _security_scheme(scheme)
                for name, scheme in swagger["securityDefinitions"].items()
            },
        },
    }
    return _renamed(document)


def _security_scheme(scheme: dict[str, Any]) -> dict[str, Any]:
    """The token as a bearer scheme; Swagger 2.0's OAuth 2.0 flow in OpenAPI 3's words."""
    if scheme["type"] != "oauth2":
        return BEARER_SCHEME
    flow = {"tokenUrl": scheme["tokenUrl"], "scopes": scheme["scopes"]}
    if scheme["flow"] == "accessCode":  # OpenAPI 3 calls it authorizationCode
        flow = {"authorizationUrl": scheme["authorizationUrl"], **flow}
        return {"type": "oauth2", "flows": {"authorizationCode": flow}}
    return {"type": "oauth2", "flows": {scheme["flow"]: flow}}


def _path_item(item: dict[str, Any]) -> dict[str, Any]:
    converted: dict[str, Any] = {}
    if "parameters" in item:  # shared by every operation: only path and query ones
        converted["parameters"] = [_parameter(p) for p in item["parameters"]]
    for method in OPERATIONS:
        if method in item:
            converted[method] = _operation(item[method])
    return converted


def _operation(operation: dict[str, Any]) -> dict[str, Any]:
    """Parameters split into parameters and a request body; responses given content."""
    keep = {
        key: value
        for key, value in operation.items()
        if key not in ("parameters", "responses", "consumes", "produces")
    }
    parameters = operation.get("parameters", [])
    plain = [_parameter(p) for p in parameters if p["in"] not in ("body", "formData")]
    if plain:
        keep["parameters"] = plain
    body = _request_body(parameters)
    if body:
        keep["requestBody"] = body
    keep["responses"] = {  # by status, as a reader looks for them
        code: _response(response) for code, response in sorted(operation["responses"].items())
    }
    return keep


def _parameter(parameter: dict[str, Any]) -> dict[str, Any]:
    converted = {
        key: value
        for key, value in parameter.items()
        if key not in SCHEMA_KEYS and key != "collectionFormat"
    }
    converted["schema"] = _schema_of(parameter)
    if parameter["in"] == "path":
        converted["required"] = True
    return converted


def _schema_of(described: dict[str, Any]) -> dict[str, Any]:
    return {key: described[key] for key in SCHEMA_KEYS if key in described}


def _request_body(parameters: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A `body` parameter becomes a JSON body; form fields, one form object."""
    for parameter in parameters:
        if parameter["in"] == "body":
            return {
                "required": parameter.get("required", False),
                "content": {JSON: {"schema": parameter["schema"]}},
            }
    fields = [p for p in parameters if p["in"] == "formData"]
    if not fields:
        return None
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {field["name"]: _field_schema(field) for field in fields},
    }
    required = [field["name"] for field in fields if field.get("required")]
    if required:
        schema["required"] = required
    return {
        "required": bool(required),
        "content": {FORM: {"schema": schema}},
    }


def _field_schema(field: dict[str, Any]) -> dict[str, Any]:
    schema = _schema_of(field)
    for key in ("description", "example"):
        if key in field:
            schema[key] = field[key]
    return schema


def _response(response: dict[str, Any]) -> dict[str, Any]:
    converted: dict[str, Any] = {"description": response.get("description", "")}
    if "schema" in response:
        converted["content"] = {JSON: {"schema": response["schema"]}}
        if JSON in response.get("examples", {}):
            converted["content"][JSON]["example"] = response["examples"][JSON]
    if "headers" in response:
        converted["headers"] = {
            name: {"description": header.get("description", ""), "schema": _schema_of(header)}
            for name, header in response["headers"].items()
        }
    return converted


def _renamed(value: Any) -> Any:
    """References to `#/definitions/X` now point to `#/components/schemas/X`, and Swagger 2.0's
    `x-nullable` extension is OpenAPI 3's own `nullable`."""
    if isinstance(value, dict):
        return {
            RENAMED_KEYS.get(key, key): (
                item.replace("#/definitions/", "#/components/schemas/", 1)
                if key == "$ref" and isinstance(item, str)
                else _renamed(item)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_renamed(item) for item in value]
    return value

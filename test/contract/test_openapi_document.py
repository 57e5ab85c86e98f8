"""openapi.json (OpenAPI 3) says everything swagger.json (Swagger 2.0) says, path by path, and is
a valid OpenAPI 3 document with a bearer scheme."""

import json

import pytest
from openapi_spec_validator import validate

from app import create_app
from app.security.permissions import PERMISSIONS

EXCEPTION_CLASSES = (
    "HTTPException",
    "OperationalError",
    "InterfaceError",
    "TimeoutError",
    "MaskError",
    "BearerTokenError",
    "DomainError",
)
CLIENT = create_app("testing").test_client()
SWAGGER = CLIENT.get("/api/v1/swagger.json").json
OPENAPI = CLIENT.get("/api/v1/openapi.json").json
OPERATIONS = [
    pytest.param(path, method, id=f"{method.upper()} {path}")
    for path, item in SWAGGER["paths"].items()
    for method in item
    if method != "parameters"
]


def test_it_is_a_valid_openapi_3_document():
    validate(OPENAPI)
    assert OPENAPI["openapi"] == "3.0.3"
    assert OPENAPI["servers"] == [{"url": "/api/v1"}]


def test_a_token_is_pasted_as_bearer_or_got_with_the_oauth2_password_flow():
    schemes = OPENAPI["components"]["securitySchemes"]
    assert schemes["Bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "The access_token of a login, register or refresh response, or a "
        "personal access token (pat_...).",
    }
    password_flow = schemes["OAuth2"]["flows"]["password"]
    assert password_flow["tokenUrl"] == "/api/v1/auth/token"
    assert list(password_flow["scopes"]) == list(PERMISSIONS)


def test_same_paths_models_and_methods():
    assert OPENAPI["paths"].keys() == SWAGGER["paths"].keys()
    assert OPENAPI["components"]["schemas"].keys() == SWAGGER["definitions"].keys()
    for path, item in SWAGGER["paths"].items():
        assert OPENAPI["paths"][path].keys() == item.keys(), path


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_each_operation_says_the_same(path, method):
    old, new = SWAGGER["paths"][path][method], OPENAPI["paths"][path][method]
    assert new.get("security") == old.get("security")
    assert new["summary"] == old["summary"] and new["operationId"] == old["operationId"]
    parameters = old.get("parameters", [])
    assert [(p["name"], p["in"]) for p in new.get("parameters", [])] == [
        (p["name"], p["in"]) for p in parameters if p["in"] not in ("body", "formData")
    ]
    form = {p["name"]: p for p in parameters if p["in"] == "formData"}
    if form:
        content = new["requestBody"]["content"]
        assert list(content) == ["application/x-www-form-urlencoded"]
        schema = content["application/x-www-form-urlencoded"]["schema"]
        assert schema["properties"].keys() == form.keys()
        assert set(schema.get("required", [])) == {
            name for name, field in form.items() if field.get("required")
        }
    else:
        assert "requestBody" not in new
    assert new["responses"].keys() == old["responses"].keys()
    for code, response in old["responses"].items():
        converted = new["responses"][code]
        assert converted["description"] == response["description"]
        assert converted.get("headers", {}).keys() == response.get("headers", {}).keys()
        if "schema" in response:
            schema = converted["content"]["application/json"]["schema"]
            assert schema == _moved(response["schema"])


def test_nullable_fields_use_openapi_3_nullable():
    user = OPENAPI["components"]["schemas"]["ManagedUser"]["properties"]["last_login_at"]
    assert user["nullable"] is True and "x-nullable" not in user


def test_swagger_ui_reads_the_openapi_3_document():
    page = CLIENT.get("/api/v1/ui").get_data(as_text=True)
    assert 'data-specs-url="/api/v1/openapi.json"' in page


def _moved(schema: dict) -> dict:
    """A Swagger 2.0 schema with its references where OpenAPI 3 keeps them."""
    if "$ref" in schema:
        return {"$ref": schema["$ref"].replace("#/definitions/", "#/components/schemas/")}
    if "items" in schema:
        return schema | {"items": _moved(schema["items"])}
    return schema


@pytest.mark.parametrize("document", [SWAGGER, OPENAPI], ids=["swagger.json", "openapi.json"])
def test_no_document_names_an_exception_class(document):
    """Error handlers used to be listed as global responses, named after the classes they catch,
    which told a reader what the server runs on."""
    text = json.dumps(document)
    for name in (*EXCEPTION_CLASSES, "Exception"):
        assert f'"{name}"' not in text
    assert "responses" not in document and "responses" not in document.get("components", {})

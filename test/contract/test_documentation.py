"""Every operation of the API documents reads well in Swagger UI: a one-sentence summary and a
description; a description and an example on every field a request sends or a response
carries; the real body of every documented error. Each test names every offender, so a route
added later fails here until it is documented."""

import re

from app import create_app
from app.api.blueprint import READING_ORDER
from app.api.idp.endpoints import HTML_PAGE

CLIENT = create_app("testing").test_client()
OPENAPI = CLIENT.get("/api/v1/openapi.json").json
SWAGGER = CLIENT.get("/api/v1/swagger.json").json
SCHEMAS = OPENAPI["components"]["schemas"]
OPERATIONS = {
    f"{method.upper()} {path}": operation
    for path, item in OPENAPI["paths"].items()
    for method, operation in item.items()
    if method != "parameters"
}
JSON = "application/json"
PLACEHOLDER = "A sentence that says what went wrong"
LONGEST_SUMMARY = 110  # characters: one line of Swagger UI's operation bar


def summary_problem(summary: str | None) -> str | None:
    """What keeps `summary` from being one whole sentence, or None."""
    if not summary:
        return "no summary"
    if "`" in summary:
        return "backticks"
    if not summary[0].isupper() or not summary.endswith("."):
        return "not a sentence (a capital first, a full stop last)"
    if re.search(r"[.!?] [A-Z]", summary):
        return "more than one sentence"
    if len(summary) > LONGEST_SUMMARY:
        return f"longer than {LONGEST_SUMMARY} characters"
    return None


def test_every_operation_has_a_whole_sentence_for_a_summary():
    offenders = {
        name: problem
        for name, operation in OPERATIONS.items()
        if (problem := summary_problem(operation.get("summary")))
    }
    assert not offenders, offenders


def test_every_operation_has_a_description():
    assert not [name for name, op in OPERATIONS.items() if not op.get("description")]


def _field_offenders(where: str, fields: dict[str, dict]) -> list[str]:
    """The fields without a description, or without an example (a nested model is its own
    example). An optional input with no default gives its example in its description
    ("Example: ..."): Swagger UI would send an `example` with "Try it out" (app/api/body.py)."""
    offenders = []
    for name, field in fields.items():
        nested = "$ref" in field or "$ref" in field.get("items", {}) or "allOf" in field
        described = field.get("description") or ""
        if not described:
            offenders.append(f"{where}.{name}: no description")
        if "example" not in field and not nested and "Example: " not in described:
            offenders.append(f"{where}.{name}: no example")
    return offenders


def test_every_parameter_and_body_field_has_a_description_and_an_example():
    offenders = []
    for path, item in OPENAPI["paths"].items():  # path parameters, shared by its operations
        for parameter in item.get("parameters", []):
            merged = parameter["schema"] | parameter
            offenders += _field_offenders(f"{path} {parameter['name']}", {"": merged})
    for name, operation in OPERATIONS.items():
        for parameter in operation.get("parameters", []):
            merged = parameter["schema"] | parameter  # the example may sit on either
            offenders += _field_offenders(f"{name} {parameter['name']}", {"": merged})
        for content in operation.get("requestBody", {}).get("content", {}).values():
            offenders += _field_offenders(name, content["schema"].get("properties", {}))
    assert not offenders, "\n".join(offenders)


def test_every_model_field_has_a_description_and_an_example():
    offenders = []
    for model, schema in SCHEMAS.items():
        offenders += _field_offenders(model, schema.get("properties", {}))
    assert not offenders, "\n".join(offenders)


SENTENCES = ("message", "error_description")  # the envelope's, and OAuth 2.0's


def _error_problem(response: dict) -> str | None:
    """What keeps an error response from showing the body the route sends: no example, or one
    without the sentence its model carries (message, error_description), or the placeholder."""
    if response.get("description", "").startswith(HTML_PAGE):
        return None  # a page for a person, in the browser's flow: no JSON to show
    content = response.get("content", {}).get(JSON)
    if content is None or "example" not in content:
        return "no example body"
    reference = content["schema"].get("$ref", "")
    properties = SCHEMAS[reference.rsplit("/", 1)[-1]]["properties"] if reference else {}
    for key in SENTENCES:
        if key in properties and not content["example"].get(key):
            return f"no {key} in the example"
        if PLACEHOLDER in str(content["example"].get(key, "")):
            return "the placeholder message"
    return None


def test_every_error_response_shows_the_body_the_route_sends():
    offenders = [
        f"{name} {code}: {problem}"
        for name, operation in OPERATIONS.items()
        for code, response in operation["responses"].items()
        if int(code) >= 400 and (problem := _error_problem(response))
    ]
    assert not offenders, "\n".join(offenders)


def test_no_document_holds_the_old_placeholder_message():
    assert PLACEHOLDER not in CLIENT.get("/api/v1/openapi.json").get_data(as_text=True)
    assert PLACEHOLDER not in CLIENT.get("/api/v1/swagger.json").get_data(as_text=True)


def test_swagger_json_has_the_same_summaries_and_examples():
    for path, item in SWAGGER["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            converted = OPENAPI["paths"][path][method]
            assert operation["summary"] == converted["summary"]
            assert operation.get("description") == converted.get("description")
            for code, response in operation["responses"].items():
                shown = converted["responses"][code].get("content", {}).get(JSON, {})
                example = response.get("examples", {}).get(JSON)
                assert example == shown.get("example"), f"{method.upper()} {path} {code}"


def test_every_path_has_its_place_in_the_reading_order():
    """Swagger UI lists a tag's operations in the document's order: READING_ORDER in
    app/api/blueprint.py."""
    missing = [path for path in OPENAPI["paths"] if path not in READING_ORDER]
    assert not missing, f"add {missing} to READING_ORDER in app/api/blueprint.py"
    assert list(OPENAPI["paths"]) == [path for path in READING_ORDER if path in OPENAPI["paths"]]


def test_tags_come_in_the_order_a_person_uses_them():
    names = [tag["name"] for tag in OPENAPI["tags"]]
    assert names[:2] == ["auth", "account"]
    assert names[-2:] == ["keys", "health"]
    auth = [name for name, op in OPERATIONS.items() if op["tags"] == ["auth"]]
    assert auth[:3] == ["POST /auth/register", "POST /auth/login", "POST /auth/refresh"]


def test_swagger_ui_starts_collapsed_with_a_filter():
    """The options of app/config.py (SWAGGER_UI_*), which the page hands its script, and the
    filter box that script asks for."""
    page = CLIENT.get("/api/v1/ui").get_data(as_text=True)
    assert 'data-doc-expansion="none"' in page
    assert 'data-display-operation-id="true"' in page
    assert 'data-display-request-duration="true"' in page
    script = CLIENT.get("/static/swagger-ui-page.js")
    text = script.get_data(as_text=True)
    script.close()  # a static file streams from disk
    assert "filter: true," in text

"""The Swagger 2.0 document as a person reads it: whole-sentence summaries, descriptions, and
the real body of each documented error.

flask-restx cuts a summary at the first full stop of the docstring's first line, so a summary
that wraps onto a second line ends mid-sentence. Here a Resource method's docstring is read as
PEP 257 writes it: its first paragraph is the summary, a whole sentence; the paragraphs after
it are the description. A response documented with an `example` body (error_response) shows
that body as its example.
"""

from typing import Any

from flask_restx import Namespace
from flask_restx.swagger import Swagger

JSON = "application/json"


class ReadableSwagger(Swagger):
    """flask-restx's Swagger 2.0 builder with whole summaries and example bodies."""

    def serialize_operation(self, doc: dict[str, Any], method: str) -> dict[str, Any]:
        operation: dict[str, Any] = super().serialize_operation(doc, method)
        summary, details = split_docstring(doc[method]["docstring"]["raw"])
        declared = [doc.get("description"), doc[method].get("description"), details]
        operation["summary"] = summary
        operation["description"] = "\n\n".join(part for part in declared if part)
        if not operation["description"]:
            del operation["description"]
        return operation

    def responses_for(self, doc: dict[str, Any], method: str) -> dict[str, Any]:
        """Each response, with the `example` body given to @ns.response as its example."""
        responses: dict[str, Any] = super().responses_for(doc, method)
        for documented in (doc, doc[method]):
            for code, response in documented.get("responses", {}).items():
                example = response[2].get("example") if len(response) == 3 else None
                if example is not None:
                    responses[str(code)]["examples"] = {JSON: example}
        return responses


class DocumentedNamespace(Namespace):
    """A Namespace whose @ns.response takes an example body after the model, so an error
    documented as `@ns.response(*error_response(...))` shows the body it sends."""

    def response(
        self,
        code: int,
        description: str,
        model: Any = None,
        example: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> Any:
        if example is not None:
            kwargs["example"] = example
        return super().response(code, description, model, **kwargs)


def split_docstring(raw: str | None) -> tuple[str | None, str]:
    """The first paragraph of a docstring on one line, and the rest, paragraphs kept."""
    if not raw:
        return None, ""
    paragraphs = [" ".join(part.split()) for part in raw.strip().split("\n\n")]
    return paragraphs[0], "\n\n".join(paragraphs[1:])

"""Request parsers that read the same fields from a form body or a JSON object; see docs/API.md."""

import json
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Request
from flask_restx.reqparse import Argument, RequestParser
from werkzeug.exceptions import BadRequest

from app.api.control_characters import REFUSED, holds_control_characters

T = TypeVar("T")


class DocumentedArgument(Argument):
    """A parser argument with a description and an example in the API documents. Not
    reqparse's `help`, which it also puts in front of every error message about the field.

    Swagger UI fills a field's `example` into "Try it out" and sends it, so an optional field
    with no default (a refresh token to end too, a filter) shows its example in its
    description instead: sent unasked, it would change what the request does.
    """

    def __init__(
        self, name: str, description: str | None = None, example: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(name, **kwargs)
        self.description, self.example = description, example

    @property
    def __schema__(self) -> dict[str, Any] | None:
        schema: dict[str, Any] | None = super().__schema__
        if schema is not None:
            if self.description:
                schema["description"] = self.description
            if self.example is None:
                return schema
            if self.required or self.default not in (None, ""):
                schema["example"] = self.example
            else:
                schema["description"] = f"{self.description}. Example: {json.dumps(self.example)}"
        return schema


class BodyArgument(DocumentedArgument):
    """A body field documented as form data (what Swagger UI sends) and read from JSON too."""

    def __init__(self, name: str, **kwargs: Any) -> None:
        kwargs.setdefault("location", "form")
        kwargs.setdefault("nullable", False)
        super().__init__(name, **kwargs)

    def convert(self, value: Any, op: str) -> Any:
        """Refuse control characters in any field, nested JSON included, before its own type
        check."""
        if holds_control_characters(value):
            raise ValueError(REFUSED)
        return super().convert(value, op)

    def source(self, request: Request) -> Any:
        """The JSON object when the body is JSON, otherwise the form, where an optional field
        left empty counts as not sent: forms (Swagger UI's among them) send every field."""
        if request.is_json:
            return json_object(request)
        form = super().source(request)
        return {} if not self.required and form.get(self.name) == "" else form


def json_object(request: Request) -> dict[str, Any]:
    """The JSON body as an object; BadRequest saying what is wrong with any other body."""
    if not request.get_data(cache=True):  # no body at all: every field is missing
        return {}
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # the decoder gives up on very deep nesting
        raise BadRequest("The JSON body is nested too deeply.") from None
    if body is None:
        raise BadRequest("The request body is not valid JSON.")
    if not isinstance(body, dict):
        raise BadRequest('The JSON body must be an object, such as {"email": "..."}.')
    return body


def body_field(request: Request, name: str) -> Any:
    """One field of a JSON or form body (the first, if a form repeats it), before any parser
    runs; None if the body is unusable or does not have it."""
    values = body_values(request, name)
    return values[0] if values else None


def body_values(request: Request, name: str) -> list[Any]:
    """Every value a JSON or form body gives field `name` (a form may repeat one); none if the
    body is unusable."""
    try:
        if request.is_json:
            body = json_object(request)
            return [body[name]] if name in body else []
        return request.form.getlist(name)
    except BadRequest:  # the parser, or the caller, answers 400 for this body
        return []


def body_parser() -> RequestParser:
    """A parser of body fields that reports every bad field at once."""
    return RequestParser(argument_class=BodyArgument, bundle_errors=True)


def documented(rule: Callable[[Any], T], **schema: Any) -> Callable[[Any], T]:
    """A shared input rule (app/accounts/fields.py) as a parser type, with the schema the API
    documents show for it; the rule itself stays free of HTTP."""

    def parse(value: Any) -> T:
        return rule(value)

    parse.__doc__ = rule.__doc__
    parse.__schema__ = schema  # type: ignore[attr-defined]
    return parse

"""Model fields that may be null, documented so (Swagger 2 has only the x-nullable extension)."""

from typing import Any

from flask_restx import fields


class Nullable(fields.Raw):
    """Mixed in before a field class: its schema, with null allowed."""

    def schema(self) -> dict[str, Any]:
        """The field's own schema, plus x-nullable."""
        return {**super().schema(), "x-nullable": True}


class NullableString(Nullable, fields.String):
    """A string or null."""


class NullableDateTime(Nullable, fields.DateTime):
    """An ISO 8601 datetime or null."""


class NullableNested(Nullable, fields.Nested):
    """A nested model or null; give it a description, so its schema is an allOf that can say
    nullable next to the reference (Swagger ignores keys beside a plain $ref)."""

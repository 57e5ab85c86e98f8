"""Model fields that may be null, documented so (Swagger 2 has only the x-nullable extension)."""

from typing import Any

from flask_restx import fields


class NullableString(fields.String):
    """A string or null."""

    def schema(self) -> dict[str, Any]:
        """The String schema, null allowed."""
        return {**super().schema(), "x-nullable": True}


class NullableDateTime(fields.DateTime):
    """An ISO 8601 datetime or null."""

    def schema(self) -> dict[str, Any]:
        """The DateTime schema, null allowed."""
        return {**super().schema(), "x-nullable": True}

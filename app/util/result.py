"""Result: the outcome of an operation that may fail in normal use, such as decoding a token."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Result(Generic[T]):
    """A value or an error message; raise for bugs instead."""

    value: T | None = None
    error: str | None = None

    @property
    def success(self) -> bool:
        """True when the operation worked (even if its value is falsy)."""
        return self.error is None

    @property
    def failure(self) -> bool:
        """True when the operation failed; `error` says why."""
        return self.error is not None

    @classmethod
    def Ok(cls, value: T | None = None) -> Result[T]:  # noqa: N802 (name fixed by the design)
        """A successful outcome carrying `value`."""
        return cls(value=value)

    @classmethod
    def Fail(cls, error: str) -> Result[T]:  # noqa: N802
        """A failed outcome; the message is shown to the user, so it must say what went wrong."""
        if not error:
            raise ValueError("a failed Result needs a message")
        return cls(error=error)

    def on_success(self, func: Callable[[T], Result[Any]]) -> Result[Any]:
        """Chain the next step: call `func` with the value, or pass this failure through."""
        return func(self.value) if self.success else self  # type: ignore[arg-type]

    def on_failure(self, func: Callable[[str], Result[Any]]) -> Result[Any]:
        """Recover or report: call `func` with the error, or pass this success through."""
        return func(self.error) if self.failure else self  # type: ignore[arg-type]

"""Result: the outcome of an operation that may fail in normal use, such as decoding a token.

`Result[T, E]` is `Ok[T] | Fail[E]`: a failure carries a reason (an enum member), never text, so
callers match on it and mypy narrows with `isinstance` or `match`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeAlias, TypeVar

T = TypeVar("T")
R = TypeVar("R")
E = TypeVar("E", bound=Enum)


@dataclass(frozen=True, slots=True)
class Ok(Generic[T]):
    """A success and its value, which may be falsy."""

    value: T

    def on_success(self, step: Callable[[T], R]) -> R:
        """Chain the next step with this value."""
        return step(self.value)

    def on_failure(self, _handle: Callable[[Any], Any]) -> Ok[T]:
        """Nothing to handle: pass this success through."""
        return self


@dataclass(frozen=True, slots=True)
class Fail(Generic[E]):
    """A failure and why: raise for bugs instead."""

    reason: E

    def on_success(self, _step: Callable[[Any], Any]) -> Fail[E]:
        """Skip the next step: pass this failure through."""
        return self

    def on_failure(self, handle: Callable[[E], R]) -> R:
        """Recover from or report the failure."""
        return handle(self.reason)


Result: TypeAlias = Ok[T] | Fail[E]

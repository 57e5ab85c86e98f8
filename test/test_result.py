"""Result: Ok and Fail, and chaining with on_success / on_failure."""

import pytest

from app.util.result import Result


def test_ok_with_a_falsy_value_is_still_a_success():
    result = Result.Ok(0)
    assert result.success and not result.failure
    assert result.value == 0


def test_fail_needs_a_message():
    with pytest.raises(ValueError):
        Result.Fail("")


def test_on_success_chains_only_successes():
    assert Result.Ok(2).on_success(lambda v: Result.Ok(v * 2)).value == 4
    failed = Result.Fail("no")
    assert failed.on_success(lambda v: Result.Ok(v * 2)) is failed


def test_on_failure_handles_only_failures():
    assert Result.Fail("no").on_failure(lambda e: Result.Ok(f"recovered from {e}")).value == (
        "recovered from no"
    )
    ok = Result.Ok(1)
    assert ok.on_failure(lambda e: Result.Ok(0)) is ok

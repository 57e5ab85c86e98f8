"""Result: Ok and Fail, narrowing, and chaining with on_success / on_failure."""

from enum import Enum

from app.util.result import Fail, Ok, Result


class Why(Enum):
    NO = "no"


def halve(number: int) -> Result[int, Why]:
    return Fail(Why.NO) if number % 2 else Ok(number // 2)


def test_ok_with_a_falsy_value_is_still_a_success():
    assert isinstance(halve(0), Ok)
    assert halve(0).value == 0


def test_a_failure_carries_its_reason_not_text():
    assert halve(3) == Fail(Why.NO)
    assert halve(3).reason is Why.NO


def test_on_success_chains_only_successes():
    assert halve(8).on_success(halve) == Ok(2)
    failed = halve(3)
    assert failed.on_success(halve) is failed


def test_on_failure_handles_only_failures():
    assert halve(3).on_failure(lambda why: Ok(f"recovered from {why.value}")) == Ok(
        "recovered from no"
    )
    ok = halve(4)
    assert ok.on_failure(lambda why: Ok(0)) is ok


def test_match_reads_either_outcome():
    def describe(result: Result[int, Why]) -> str:
        match result:
            case Ok(value):
                return f"half is {value}"
            case Fail(reason):
                return f"refused: {reason.value}"
        return "unreachable"

    assert [describe(halve(n)) for n in (4, 5)] == ["half is 2", "refused: no"]

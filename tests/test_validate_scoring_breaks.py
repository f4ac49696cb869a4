"""`pmsim validate` refuses what breaks the score: a starting customers or revenue the score
divides by that is not above 0 (an error at its key), warns of an impact range far past what the
score can count, and says nothing more about request sizes when the capacity is itself wrong."""

from __future__ import annotations

import pytest
from test_validate_mistakes import broken, check, errors, line_of

from pmsim.catalog import bundled, load_file
from pmsim.scenario.diagnostics import Diagnostic
from pmsim.scenario.lint import IMPACT_STEPS


def warnings(text: str) -> list[Diagnostic]:
    return [d for d in check(text).diagnostics if d.severity == "warning"]


@pytest.mark.parametrize("metric, value", [("revenue", "0"), ("revenue", "-50"),
                                           ("customers", "0"), ("revenue", "0.0")])
def test_a_starting_metric_the_score_divides_by_must_be_above_zero(metric, value) -> None:
    text = broken("capacity: 8\n", f"capacity: 8\nmetrics:\n  {metric}: {value}\n")
    found = errors(check(text))
    assert len(found) == 1, [d.message for d in found]
    error = found[0]
    assert f"starting {metric} must be above 0" in error.message
    assert (error.line, error.column) == (line_of(text, f"  {metric}:"), 3)
    assert error.hint and "at the start" in error.hint


def test_a_positive_start_is_fine() -> None:
    text = broken("capacity: 8\n", "capacity: 8\nmetrics:\n  revenue: 1\n  customers: 2\n")
    assert check(text).ok


def test_an_impact_far_past_what_the_score_counts_is_a_warning_at_it() -> None:
    text = broken("capacity: 8\n", "capacity: 8\nmetrics:\n  revenue: 24000\n")
    text = broken("revenue: [0, 900]", "revenue: [-1000000000, 1000000000]", text)
    result = check(text)
    assert result.ok
    found = [d for d in result.diagnostics if d.severity == "warning"]
    assert len(found) == 1, [d.message for d in found]
    assert found[0].line == line_of(text, "revenue: [-1000000000")
    assert "-1,000,000,000 on revenue" in found[0].message
    assert f"past {IMPACT_STEPS} steps" in found[0].message
    assert "one step: 2,400" in found[0].message


def test_an_impact_just_within_the_documented_steps_is_not_warned_of() -> None:
    text = broken("capacity: 8\n", "capacity: 8\nmetrics:\n  revenue: 24000\n")
    assert not warnings(broken("revenue: [0, 900]", "revenue: [0, 24000]", text))
    assert warnings(broken("revenue: [0, 900]", "revenue: [0, 24001]", text))


@pytest.mark.parametrize("capacity", ["-5", "0", "[8, 0, 8, 8]", "[8, 8]", "2000"])
def test_a_broken_capacity_is_one_error_without_follow_on_warnings(capacity) -> None:
    text = broken("capacity: 8\n", f"capacity: {capacity}\n")
    result = check(text)
    assert len(errors(result)) == 1, [d.message for d in result.diagnostics]
    assert not [d for d in result.diagnostics if d.severity == "warning"]


def test_a_request_bigger_than_every_round_is_still_warned_of() -> None:
    text = broken("capacity: 8\n", "capacity: 3\n")
    assert any("bigger than any round's capacity (3)" in d.message for d in warnings(text))


def test_every_bundled_scenario_stays_clean() -> None:
    paths = bundled()
    assert len(paths) >= 9
    for path in paths:
        result = load_file(path)
        assert result.ok and not result.diagnostics, (path, [d.message for d in
                                                             result.diagnostics])

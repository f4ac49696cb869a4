"""A verdict line shows its ratio with enough decimals to be told from its bar: a FAIL printed
as "1.00 (bar 1.00)" read as a pass (the ratio was 0.996 against a bar just above 1)."""

from __future__ import annotations

from pmsim.analysis.verdict import Check


def test_a_ratio_near_its_bar_shows_the_decimals_that_decide() -> None:
    assert Check("rice / loudest", 0.996, 1.000000001, False).line() == \
        "FAIL  rice / loudest: 0.996 (bar 1.00)"
    assert Check("e / n", 1.1496, 1.15, False).line() == "FAIL  e / n: 1.1496 (bar 1.15)"
    assert Check("e / n", 1.21, 1.15, True).line() == "PASS  e / n: 1.21 (bar 1.15)"
    assert Check("e / n", 1.15, 1.15, True).line() == "PASS  e / n: 1.15 (bar 1.15)"

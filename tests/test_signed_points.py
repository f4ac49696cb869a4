"""A capacity change under a point reads as what it is, never '-0' (a results screen showed
'Capacity -0: stakeholders are slow to cooperate')."""

from __future__ import annotations

from dataclasses import replace

from pmsim.analysis import POLICIES, play
from pmsim.catalog import load
from pmsim.engine.report import Cause
from pmsim.play.lines import report_lines
from pmsim.words import signed_points


def test_whole_and_part_points() -> None:
    assert [signed_points(x) for x in (2.0, -3.0, 0.0, -0.3, 0.44, -1.96)] == [
        "+2", "-3", "+0", "-0.3", "+0.4", "-2"]


def test_the_results_show_a_part_of_a_point_lost() -> None:
    game = play(load("tutorial").scenario, 1, POLICIES["rice"])
    report = game.reports[0]
    causes = (report.capacity_causes[0], Cause(-0.3, "stakeholders are slow to cooperate"))
    lines = report_lines(replace(report, capacity_causes=causes), {}, "sprint")
    texts = [line.text for line in lines.work]
    assert "Capacity -0.3: stakeholders are slow to cooperate" in texts
    assert not any(t.startswith("Capacity -0:") for t in texts)

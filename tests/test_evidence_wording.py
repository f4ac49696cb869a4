"""A finding that can come out below zero is never worded as if it were a gain: the tutorial
said "Fixing it would keep about -5 clinics".

A finding is the truth plus the method's lean and error (`engine.truth.finding`), in units of
the width of the range the truth comes from over every world, so it can fall below zero even
where that range does not. Words such as "keep", "rise by" or "would switch" read wrong with a
negative number; "a change of about {customers} clinics" reads right either way.
"""

from __future__ import annotations

import re

import pytest

from pmsim.catalog import bundled
from pmsim.engine.evidence import PLACEHOLDER
from pmsim.scenario import load_file
from pmsim.scenario.models import DiscoveryMethod, Request

SCENARIOS = sorted(p.stem for p in bundled())
SIGMAS = 3
"""How far a method's error reaches, in its `precision`: a finding lower than this roughly one
time in a thousand still comes up in a class of thirty playing a few games each."""

BEFORE = re.compile(
    r"\b(?:keeps?|kept|gains?|adds?|wins?|won|saves?|mends?|costs?(?: of)?|(?:rises?|lifts?) by)"
    r"\s+(?:about\s+|roughly\s+|some\s+)?$", re.IGNORECASE)
"""Words before a number that take it for a gain (a cost: for a loss, written as positive)."""
AFTER = re.compile(
    r"^\s*(?:[a-z]+\s+)?(?:more\b|new\b|at stake|would (?:stay|switch|book|use|move volume))",
    re.IGNORECASE)
"""Words after a number (and its unit) that take it for a gain."""


def lowest(request: Request, method: DiscoveryMethod, metric: str) -> float:
    """About the lowest `method` finds for `metric` on `request`, where the truth is lowest."""
    low, high = request.impact_range(metric)
    return low + (method.bias - SIGMAS * method.precision) * (high - low)


def misread(scenario_id: str) -> list[str]:
    """Each evidence text that puts a number that can be negative after or before such words."""
    path = next(p for p in bundled() if p.stem == scenario_id)
    scenario = load_file(path).scenario
    methods = {m.id: m for m in scenario.discovery}
    found = []
    for request in scenario.requests:
        for mid, text in request.evidence.items():
            for match in PLACEHOLDER.finditer(" ".join(text.split())):
                metric, words = match.group(1), " ".join(text.split())
                if metric == "cost" or lowest(request, methods[mid], metric) >= 0:
                    continue
                before, after = words[:match.start()], words[match.end():]
                if BEFORE.search(before) or AFTER.search(after):
                    near = words[max(0, match.start() - 40):match.end() + 30]
                    found.append(f"{request.id}, {mid}: …{near}…")
    return found


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_no_finding_that_can_be_negative_is_worded_as_a_gain(scenario_id: str) -> None:
    assert misread(scenario_id) == []


def test_the_check_sees_the_words_it_looks_for() -> None:
    for wording in ("would keep about {x} clinics", "Satisfaction would rise by about {x}.",
                    "would cost {x} points", "about {x} would switch",
                    "about {x} new subscribers", "About {x} members at stake."):
        at = wording.index("{x}")
        assert BEFORE.search(wording[:at]) or AFTER.search(wording[at + 3:]), wording
    for wording in ("a change of about {x} clinics", "Satisfaction would move by about {x}.",
                    "the clinics we keep or win by about {x}", "The data says {x} customers"):
        at = wording.index("{x}")
        assert not (BEFORE.search(wording[:at]) or AFTER.search(wording[at + 3:])), wording


def test_the_wording_checked_covers_every_bundled_scenario() -> None:
    assert {"tutorial", "pressure", "roadmap"} <= set(SCENARIOS)
    assert len(SCENARIOS) == len(list(bundled()))

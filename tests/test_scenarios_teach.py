"""Every bundled scenario teaches: judgement beats the HiPPO and chance by a clear margin, a
framework helps without replacing judgement, and discovery pays where it is the lesson.

These are the assertions of `pmsim analyze --seeds 100` for each bundled scenario, so a change
to a scenario (or to the engine) that stops it teaching fails CI.
"""

from __future__ import annotations

import functools

import pytest

from pmsim.analysis import analyze
from pmsim.catalog import bundled
from pmsim.scenario import load_file
from pmsim.scenario.models import PRINCIPLES

SCENARIOS = sorted(p.stem for p in bundled())


@functools.cache
def report(stem: str):
    path = next(p for p in bundled() if p.stem == stem)
    return analyze(load_file(path).scenario, seeds=100)


def test_there_are_at_least_seven_scenarios_of_different_lengths() -> None:
    scenarios = [load_file(p).scenario for p in bundled()]
    assert len(scenarios) >= 7
    lengths = {s.rounds for s in scenarios}
    assert min(lengths) == 3 and max(lengths) == 12 and len(lengths) >= 5
    assert {s.difficulty for s in scenarios} >= {"tutorial", "medium", "hard"}


def test_every_principle_is_named_in_some_debrief() -> None:
    named = {lesson.principle for p in bundled() for lesson in load_file(p).scenario.lessons}
    assert named == set(PRINCIPLES)


def test_every_bundled_scenario_is_valid_without_warnings() -> None:
    for path in bundled():
        result = load_file(path)
        assert result.ok and not result.diagnostics, result.render()


@pytest.mark.parametrize("stem", SCENARIOS)
def test_judgement_beats_the_hippo_and_chance(stem: str) -> None:
    r = report(stem)
    optimal, loudest, random_, rice = (r.mean(n) for n in ("optimal", "loudest", "random", "rice"))
    assert optimal >= 1.25 * loudest, (optimal, loudest)
    assert optimal >= 1.40 * random_, (optimal, random_)
    assert min(loudest, random_) < rice < optimal, (loudest, random_, rice, optimal)


def test_discovery_pays_in_the_discovery_scenario() -> None:
    r = report("discovery")
    assert r.mean("rice-discover") > r.mean("rice") * 1.1

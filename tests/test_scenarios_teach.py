"""Every bundled scenario teaches judgement, not a template.

For each bundled scenario, over 100 seeds (`pmsim analyze --seeds 100`): the fair `evidence`
policy beats every naive rule that reads no evidence, random plans with 'later' and (with
worlds) the memorised plan that runs one telling check by the verdict's bars, the hindsight
optimum leaves room above it and is never beaten on any seed, RICE beats random and the HiPPO;
the ordering survives every rule +-20 % and capacity +-1 (`pmsim analyze --robust`); pooled
over the scenarios, claims carry signal but are no answer key; and a good player does not reach
the trust pillar's cap. A change to a scenario or to the engine that stops any of this fails CI.
"""

from __future__ import annotations

import functools
import statistics

import pytest

from pmsim.analysis import POLICIES, analyze, play
from pmsim.analysis.robust import robust
from pmsim.analysis.signals import claim_correlation
from pmsim.analysis.verdict import verdict
from pmsim.catalog import bundled
from pmsim.engine import score
from pmsim.scenario import load_file
from pmsim.scenario.models import FORMAT_VERSION, PRINCIPLES

SCENARIOS = sorted(p.stem for p in bundled())

NOT_YET: dict[tuple[str, str], str] = {}
"""Scenarios still being retuned to the format-2 model, with what fails: their teaching
checks are expected to fail (strictly: a pass is reported, so the mark comes off the day a
retune lands). See bench/RESULTS.md for the figures."""


def teaching(stem: str, check: str):
    """`stem` as a test parameter, marked when its retune has not made `check` pass yet."""
    reason = NOT_YET.get((stem, check))
    return pytest.param(stem, marks=pytest.mark.xfail(reason=reason, strict=True)) if reason \
        else stem


def scenario(stem: str):
    return load_file(next(p for p in bundled() if p.stem == stem)).scenario


@functools.cache
def report(stem: str):
    return analyze(scenario(stem), seeds=100)


def test_there_are_at_least_seven_scenarios_of_different_lengths() -> None:
    scenarios = [load_file(p).scenario for p in bundled()]
    assert len(scenarios) >= 7
    lengths = {s.rounds for s in scenarios}
    assert min(lengths) == 3 and max(lengths) == 12 and len(lengths) >= 5
    assert {s.difficulty for s in scenarios} >= {"tutorial", "medium", "hard"}


def test_every_principle_is_named_in_some_debrief() -> None:
    named = {lesson.principle for p in bundled() for lesson in load_file(p).scenario.lessons}
    assert named == set(PRINCIPLES)


def test_every_bundled_scenario_is_valid_without_warnings_in_the_current_format() -> None:
    for path in bundled():
        result = load_file(path)
        assert result.ok and not result.diagnostics, result.render()
        assert result.scenario.format == FORMAT_VERSION, path


@pytest.mark.parametrize("stem", [teaching(s, "verdict") for s in SCENARIOS])
def test_judgement_beats_every_template(stem: str) -> None:
    failed = [check.line() for check in verdict(report(stem)) if not check.passed]
    assert not failed, failed


@pytest.mark.parametrize("stem", SCENARIOS)
def test_the_hindsight_optimum_is_never_beaten_on_any_seed(stem: str) -> None:
    r = report(stem)
    best = r.policies["optimal"].scores
    for stats in (*r.policies.values(), *r.naive.values(), *r.memorised.values()):
        beaten = [i for i, (o, s) in enumerate(zip(best, stats.scores, strict=True))
                  if s > o + 1e-9]
        assert not beaten, (stats.name, [r.seeds[i] for i in beaten])


@pytest.mark.parametrize("stem", [teaching(s, "robust") for s in SCENARIOS])
def test_the_lesson_survives_small_changes_to_any_number(stem: str) -> None:
    failures = robust(scenario(stem), seeds=20).failures
    assert not failures, [(v.name, v.means) for v in failures]


def test_claims_carry_signal_but_are_no_answer_key() -> None:
    scenarios = [load_file(p).scenario for p in bundled()]
    rho = claim_correlation(scenarios, range(101, 131))
    assert 0.3 <= rho <= 0.8, rho


@pytest.mark.parametrize("stem", SCENARIOS)
def test_a_good_player_does_not_reach_the_trust_cap(stem: str) -> None:
    pillars = [score(play(scenario(stem), s, POLICIES["evidence"])).pillars["trust"]
               for s in range(101, 131)]
    assert statistics.fmean(pillars) < 140
    assert sum(p >= 149.9 for p in pillars) <= len(pillars) // 5

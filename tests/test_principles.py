"""The seven principles, scored 0-100 from a finished game's decisions."""

from __future__ import annotations

import pytest
from conftest import load_text

from pmsim import catalog
from pmsim.analysis.policies import play_named
from pmsim.analysis.principles import principles, weakest
from pmsim.engine import Decision, new_game, play_round
from pmsim.scenario.models import PRINCIPLES

SMALL = """\
format: 2
id: small
title: Small
summary: A small scenario for principle scores.
briefing: You are the PM.
rounds: 2
capacity: 6
stakeholders:
  - id: ana
    name: Ana
    role: Sales
    trust: 70
requests:
  - id: loss
    title: A loss
    asked_by: ana
    pitch: It brings {revenue} dollars.
    estimate: 3
    cost: [3, 3]
    claims: [revenue]
    impact: {revenue: [-2000, -1500]}
  - id: win
    title: A win
    asked_by: ana
    pitch: Customers want it.
    estimate: 3
    cost: [3, 3]
    impact: {satisfaction: [4, 5]}
    neglect: {satisfaction: [-1, -1]}
"""


def small(with_discovery: bool = False):  # type: ignore[no-untyped-def]
    text = SMALL + ("discovery:\n  - id: data\n    name: Data\n    cost: 1\n"
                    if with_discovery else "")
    result = load_text(text)
    assert result.scenario is not None, result.render()
    return result.scenario


def finish(scenario, *decisions: Decision):  # type: ignore[no-untyped-def]
    game = new_game(scenario, 1)
    for decision in decisions:
        game, _ = play_round(game, decision)
    return game


@pytest.mark.parametrize("name", ["tutorial", "pressure", "techdebt"])
@pytest.mark.parametrize("policy", ["loudest", "evidence", "random"])
def test_every_principle_is_scored_between_0_and_100(name: str, policy: str) -> None:
    scenario = catalog.load(name).scenario
    assert scenario is not None
    scores = principles(play_named(scenario, 2, policy))
    assert tuple(scores) == PRINCIPLES
    assert all(0 <= p.score <= 100 and p.why.endswith(".") for p in scores.values())


def test_outcomes_and_prioritization_read_the_truth() -> None:
    good = principles(finish(small(), Decision(build=("win",)), Decision()))
    bad = principles(finish(small(), Decision(build=("loss",)), Decision()))
    assert good["outcomes"].score == 100 and bad["outcomes"].score == 0
    assert good["prioritization"].score == 100 and bad["prioritization"].score == 0
    assert good["customer_voice"].score == 100  # fixed in round 1 of 2
    late = principles(finish(small(), Decision(), Decision(build=("win",))))
    assert late["customer_voice"].score == 50  # fixed in round 2 of 2: half the credit


def test_roadmap_counts_promises_kept_and_broken() -> None:
    none = principles(finish(small(), Decision(), Decision()))
    assert none["roadmap"].score == 50
    kept = principles(finish(small(), Decision(answers={"win": "next"}),
                             Decision(build=("win",))))
    assert kept["roadmap"].score == 100
    broken = principles(finish(small(), Decision(answers={"win": "next"}), Decision()))
    assert broken["roadmap"].score == 0


def test_discovery_is_never_blamed_where_there_is_none() -> None:
    untested = principles(finish(small(True), Decision(build=("loss",)), Decision()))
    assert untested["discovery"].score == 0
    assert weakest(untested).score == 0
    no_methods = principles(finish(small(), Decision(build=("loss",)), Decision()))
    assert no_methods["discovery"].score == 100
    assert weakest(no_methods).principle != "discovery"
    tested = principles(finish(small(True), Decision(discover=(("loss", "data"),)),
                               Decision(answers={"loss": "no"})))
    assert tested["discovery"].score == 100  # the one decision taken was tested first

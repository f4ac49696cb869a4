"""The hindsight search climbs from the best baseline, not around it.

Before, the local search only moved to a plan that beat every candidate game: when a baseline
(usually `evidence`) was better than every start, the search sampled around one fixed plan
and found nothing, so the optimum was the baseline's own game on most seeds of `outcomes`.
These use the frozen copies of the scenarios in `fixtures/perf/`, which nobody retunes.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from pmsim.analysis.optimal import Plan, as_plan, play_plan, search
from pmsim.analysis.policies import POLICIES, play
from pmsim.engine import Game, score
from pmsim.scenario import load_file
from pmsim.scenario.models import Scenario

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "perf"


@cache
def scenario(name: str) -> Scenario:
    loaded = load_file(FIXTURES / f"{name}.yaml").scenario
    assert loaded is not None, name
    return loaded


@cache
def baselines(name: str, seed: int) -> tuple[Game, ...]:
    return tuple(play(scenario(name), seed, policy) for policy in POLICIES.values())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_search_finds_better_than_every_baseline_on_outcomes(seed: int) -> None:
    games = baselines("outcomes", seed)
    found = search(scenario("outcomes"), seed, candidates=games, budget=40)
    assert found.score > max(score(g).total for g in games)
    assert found.score == score(found.game).total


@pytest.mark.parametrize("name", ["outcomes", "roadmap"])
def test_the_search_is_deterministic(name: str) -> None:
    games = baselines(name, 2)
    first = search(scenario(name), 2, candidates=games, budget=20)
    again = search(scenario(name), 2, candidates=games, budget=20)
    assert first.game.decisions == again.game.decisions
    assert (first.score, first.evaluated) == (again.score, again.evaluated)


def test_a_game_made_into_a_plan_keeps_its_answers_and_discovery() -> None:
    game = next(g for g in baselines("outcomes", 1) if any(d.discover for d in g.decisions))
    plan = as_plan(game, tuple(r.id for r in scenario("outcomes").requests))
    replayed = play_plan(scenario("outcomes"), 1, plan)
    first, copy = game.decisions[0], replayed.decisions[0]
    assert copy.discover == first.discover
    for rid, answer in copy.answers.items():
        assert answer == first.answers.get(rid, "later") or rid in first.build


def test_a_plan_without_overtime_never_plans_beyond_the_capacity() -> None:
    ids = tuple(r.id for r in scenario("roadmap").requests)
    for overtime, over in ((False, False), (True, True)):
        game = play_plan(scenario("roadmap"), 1, Plan(ids, frozenset(), "later", overtime))
        # work forced over the team's head can go beyond the capacity whatever the plan says
        assert any(r.planned > r.capacity for r, d in zip(game.reports, game.decisions,
                                                           strict=True) if d.build) is over


def test_the_budget_counts_different_games() -> None:
    found = search(scenario("tutorial"), 1, budget=12)
    assert found.evaluated == 12

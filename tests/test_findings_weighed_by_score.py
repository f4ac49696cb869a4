"""A finding is valued at what the score pays for its metric; a claim is not.

`scoring.step_points` says how many final-score points one step of each metric adds (the
pillar's share of the weights times 50, halved for the two measures of the customer pillar);
`valuation.measured_rates` turns that into rates about 1, and the `evidence` policy weighs what
discovery measured by them. Why: in pressure the board reads revenue first (a revenue step is
worth 20 points, a customer step 8.75), and `evidence` kept the CEO's AI-forecast promise
when the data showed it losing revenue and winning customers, a loss by the score. Seeds 2001-
2200, not used for tuning: +0.9 to +2.6 a game in pressure, influence, ferry, roadmap and
techdebt, the other four within +-0.8 (bench/RESULTS.md)."""

from __future__ import annotations

import statistics

import pytest

from pmsim.analysis import judgement
from pmsim.analysis.policies import POLICIES, play
from pmsim.analysis.valuation import measured_rates
from pmsim.catalog import load
from pmsim.engine import score
from pmsim.engine.view import view


def _finished(name: str, seed: int):
    return play(load(name).scenario, seed, POLICIES["evidence"], explain=False)


@pytest.mark.parametrize("name", ["pressure", "roadmap", "tutorial"])
def test_a_step_of_a_metric_moves_the_final_score_by_its_step_points(name: str) -> None:
    game = next(g for g in (_finished(name, s) for s in range(1, 80))  # a step is +50 at most
                if all(50 < p < 100 for p in score(g).pillars.values()))
    points = view(game).step_points
    before = score(game).total
    for metric in ("satisfaction", "customers", "tech_health"):
        moved = game.copy()
        moved.metrics = {**game.metrics, metric: game.metrics[metric] + game.lookup.steps[metric]}
        assert score(moved).total - before == pytest.approx(points[metric], abs=1e-6), metric
    moved = game.copy()
    moved.revenue_earned = game.revenue_earned + game.lookup.steps["revenue"] * game.scenario.rounds
    assert score(moved).total - before == pytest.approx(points["revenue"], abs=1e-6)
    assert points["morale"] == 0


def test_rates_follow_the_scenario_weights() -> None:
    rates = measured_rates(view(_finished("pressure", 1)))
    assert rates["revenue"] > 1.5 > 1 > rates["customers"] > rates["satisfaction"]
    assert statistics.mean(rates[m] for m in ("satisfaction", "customers", "revenue")) == \
        pytest.approx(1.0)
    assert rates["morale"] == 1.0


def test_pays_on_seeds_not_used_for_tuning(monkeypatch) -> None:
    """Seeds 2001-2100 in the three scenarios where it gained most (ferry +2.6, pressure +2.1,
    roadmap +1.6 over 2001-2200)."""
    def mean(name: str) -> float:
        scenario = load(name).scenario
        return statistics.mean(score(play(scenario, s, POLICIES["evidence"], explain=False)).total
                               for s in range(2001, 2101))

    gains = []
    for name in ("ferry", "pressure", "roadmap"):
        weighed = mean(name)
        monkeypatch.setattr(judgement, "measured_rates", lambda v: {})
        plain = mean(name)
        monkeypatch.undo()
        gains.append(weighed - plain)
    assert min(gains) > 0 and statistics.mean(gains) >= 1.0, gains

"""Scoring: four pillars on one 0-150 scale, a weighted mean, and a penalty for neglect.

Protects the score's shape (pillars within 0-150, a non-negative total that is the weighted mean
less the balance penalty), its scale (100 at the target, 50 one step short) checked by hand on a
game where nothing happens, and the balance penalty that makes wrecking one pillar (here: trust,
by refusing everything flatly) cost more than that pillar's weight.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_engine_support import D, make, play, play_randomly, req, tutorial

from pmsim import engine
from pmsim.engine.scoring import NEGLECT_LINE, NEGLECT_PENALTY, PILLARS


def assert_well_formed(score: engine.Score) -> None:
    assert set(score.pillars) == set(PILLARS)
    for name, value in score.pillars.items():
        assert 0.0 <= value <= 150.0, (name, value)
    assert sum(score.weights.values()) == pytest.approx(1.0)
    mean = sum(score.weights[p] * score.pillars[p] for p in PILLARS)
    penalty = NEGLECT_PENALTY * sum(max(0.0, NEGLECT_LINE - v) for v in score.pillars.values())
    assert score.penalty == pytest.approx(penalty)
    assert score.total == pytest.approx(max(0.0, mean - penalty))
    assert score.total >= 0.0


def test_scores_are_well_formed_whatever_the_player_does() -> None:
    for seed in range(30):
        end, rounds = play_randomly(tutorial(), seed, policy_seed=seed + 500)
        assert_well_formed(engine.score(end))
        for before, _ in rounds:  # the running score, too
            assert_well_formed(engine.score(before))


def _still(**parts: Any) -> engine.Game:
    """A quiet game in which nothing happens: one request, standing under 'later'."""
    scenario = make(requests=[req("a")], roadmap={"later": ["a"]},
                    rules={"trust": {"parked_wear": 0}}, **parts)
    end, _ = play(engine.new_game(scenario, 0), D(), D(), D())
    return end


def test_the_scale_checked_by_hand_on_a_game_where_nothing_happens() -> None:
    score = engine.score(_still())
    # satisfaction 60 and customers 1000 stayed one step short of the default targets (70, 1100)
    assert score.pillars["customer"] == pytest.approx(50)
    # revenue held at 10000 a round: 30000 earned against a path to 11000 summing to 32000, on
    # a step of 10 % of 30000
    assert score.pillars["business"] == pytest.approx(100 - 50 * 2000 / 3000)
    # tech health and trust held their starting level, which is their default target
    assert score.pillars["technology"] == pytest.approx(100)
    assert score.pillars["trust"] == pytest.approx(100)
    assert score.penalty == 0
    expected = 0.35 * 50 + 0.35 * (100 - 50 * 2000 / 3000) + 0.15 * 100 + 0.15 * 100
    assert score.total == pytest.approx(expected)
    assert score.targets == {"satisfaction": 70, "customers": 1100, "revenue": 11000,
                             "tech_health": 80, "trust": 60}


def test_meeting_every_target_scores_100() -> None:
    end = _still(scoring={"targets": {"satisfaction": 60, "customers": 1000, "revenue": 10000,
                                      "tech_health": 80, "trust": 60}})
    score = engine.score(end)
    assert score.pillars == pytest.approx(dict.fromkeys(PILLARS, 100.0))
    assert score.total == pytest.approx(100)


def test_weights_are_relative() -> None:
    end = _still(scoring={"weights": {"customer": 2, "business": 2, "technology": 1,
                                      "trust": 1}})
    weights = engine.score(end).weights
    assert weights == pytest.approx({"customer": 1 / 3, "business": 1 / 3,
                                     "technology": 1 / 6, "trust": 1 / 6})


def test_the_score_before_any_round() -> None:
    scenario = make(requests=[req("a")])
    score = engine.score(engine.new_game(scenario, 0))
    assert_well_formed(score)
    assert score.pillars["business"] == pytest.approx(50)  # at the start, one step short


def test_pillars_are_capped_at_150_and_floored_at_0() -> None:
    boom = make(requests=[req("a", impact={"satisfaction": [40, 40], "customers": [5000, 5000],
                                          "revenue": [100000, 100000],
                                          "tech_health": [20, 20]})])
    end, _ = play(engine.new_game(boom, 0), D(build=["a"]), D(), D())
    score = engine.score(end)
    assert_well_formed(score)
    assert score.pillars["customer"] == score.pillars["business"] == 150
    assert score.pillars["technology"] == 150

    bust = make(requests=[req("a", impact={"satisfaction": [-60, -60], "customers": [-1000, -1000],
                                          "revenue": [-10000, -10000],
                                          "tech_health": [-80, -80]})])
    end, _ = play(engine.new_game(bust, 0), D(build=["a"]), D(), D())
    score = engine.score(end)
    assert_well_formed(score)
    assert score.pillars["customer"] == score.pillars["business"] == 0
    assert score.pillars["technology"] == 0
    assert score.penalty == pytest.approx(NEGLECT_PENALTY * 3 * NEGLECT_LINE)
    assert score.total == 0


def test_wrecking_trust_brings_the_balance_penalty() -> None:
    ids = ["a", "b", "c", "d", "e"]
    scenario = make(requests=[req(rid) for rid in ids])
    no = D(answers=dict.fromkeys(ids, "no"))
    end, _ = play(engine.new_game(scenario, 0), no, D(), D())
    assert end.trust["ana"] == 60 + 5 * scenario.rules.trust.declined
    score = engine.score(end)
    assert_well_formed(score)
    assert score.pillars["trust"] < NEGLECT_LINE
    assert score.penalty == pytest.approx(NEGLECT_PENALTY * (NEGLECT_LINE - score.pillars["trust"]))
    assert score.penalty > 0
    mean = sum(score.weights[p] * score.pillars[p] for p in PILLARS)
    assert score.total < mean
    # the same requests put under 'later' instead: no penalty, and a better total
    calm, _ = play(engine.new_game(scenario, 0), D(answers=dict.fromkeys(ids, "later")), D(), D())
    assert engine.score(calm).pillars["trust"] >= NEGLECT_LINE
    assert engine.score(calm).penalty == 0
    assert engine.score(calm).total > score.total

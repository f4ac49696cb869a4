"""The pitch reader (`naive:pitch-read/*`): each request's worth read off its own pitch, as
learned from replays. Tested on its model (it recovers how worth follows a pitch, and only as
far as the pitch tells), on what its rules see and answer, and on the hint it earns."""

from __future__ import annotations

import math
import random
from statistics import correlation

import pytest

from pmsim.analysis.naive import panel
from pmsim.analysis.pitch_reader import RIDGE, _Pitch, learn, ridge
from pmsim.analysis.world_reader import worth_per_point
from pmsim.engine import new_game, play_round, view
from pmsim.engine.truth import draw
from pmsim.scenario.models import Scenario
from tests.conftest import load_text
from tests.test_world_reader import telling

BET = """\
format: 1
id: bet
title: A bet and a sure thing
summary: One bet whose pitch may or may not tell, one steady fix.
briefing: You are the PM.
rounds: 3
capacity: 6
stakeholders:
  - id: ann
    name: Ann
    role: Sales
    optimism: [1, 1]
requests:
  - id: bet
    title: Big bet
    asked_by: ann
    kind: feature
    pitch: It could be huge.
    estimate: 3
    uncertainty: {noise}
    claims: [satisfaction]
    impact: {{satisfaction: [1, 9]}}
  - id: fix
    title: Steady fix
    asked_by: ann
    kind: bug
    pitch: It crashes.
    estimate: 3
    claims: [satisfaction]
    impact: {{satisfaction: [3, 3]}}
"""


def _bet(noise: float):
    scenario = load_text(BET.format(noise=noise)).scenario
    assert scenario is not None
    return scenario


def test_ridge_recovers_a_straight_line_shrunk_by_the_penalty() -> None:
    """worth = 2 + 3 z exactly, z standardised: least squares with the slope penalised gives
    the intercept 2 and the slope 3 n / (n + ridge), n the games (the sum of z²)."""
    spread = (sum(k * k for k in range(-10, 11)) / 21) ** 0.5
    rows = [[1.0, k / spread] for k in range(-10, 11)]
    worth = [2 + 3 * z for _, z in rows]
    assert ridge(rows, worth) == pytest.approx((2, 3 * 21 / (21 + RIDGE)))
    assert ridge(rows, [0.0] * 21) == pytest.approx((0.0, 0.0))
    with pytest.raises(ValueError):
        ridge(rows, worth[:-1])


def test_a_claim_of_nothing_counts_as_the_usual_pitch() -> None:
    reader = learn(_bet(0.5), [draw(_bet(0.5), s) for s in range(1, 41)])
    assert reader.z("bet", "satisfaction", {}) == 0
    assert reader.z("bet", "satisfaction", {"satisfaction": -5.0}) == 0
    mean, spread = reader.norms[("bet", "satisfaction")]
    assert reader.z("bet", "satisfaction", {"satisfaction": math.exp(mean + spread)}) == (
        pytest.approx(1))


def _foretold(scenario: Scenario, rid: str, joint: bool = False) -> float:
    """How well the learned reader ranks a request's worth in fresh games: the correlation of
    the foretold and the true worth per point over 60 games it did not learn from."""
    reader = learn(scenario, [draw(scenario, s) for s in range(1, 201)], joint)
    asker = {r.id: r.asked_by for r in scenario.requests}
    fresh = [draw(scenario, s) for s in range(201, 261)]
    foretold = [reader.predict([_Pitch(i, asker[i], c) for i, c in t.claims.items()], [rid])[rid]
                for t in fresh]
    return correlation(foretold, [worth_per_point(scenario, t)[rid] for t in fresh])


def test_the_reader_learns_what_an_honest_pitch_tells_and_no_more() -> None:
    """With no noise and no optimism the pitch is the truth, and the reader ranks the bet's
    games almost perfectly; with wide noise, the same pitch tells much less."""
    assert _foretold(_bet(0.0), "bet") > 0.95
    assert _foretold(_bet(2.5), "bet") < 0.6


def test_the_joint_reader_reads_the_world_off_another_askers_pitch() -> None:
    """Ann pitches the premium tier from a world she guesses (insight 0), Bo from the real one
    (insight 1): the premium tier's own pitch tells little, Bo's tells all."""
    scenario = telling(insight=1, ann=0)
    assert _foretold(scenario, "premium", joint=True) > 0.9
    assert _foretold(scenario, "premium") < 0.5


def test_the_pitch_readers_are_in_the_panel_and_read_only_the_view() -> None:
    """Three shapes of each reader; the same view gives the same decision whatever the random
    stream; no discovery; and the evidence-answered shapes leave nobody without an answer."""
    scenario = _bet(0.0)
    rules = {n: r for n, r in panel(scenario).items() if n.startswith("naive:pitch-read")}
    assert set(rules) == {f"naive:pitch-read{j}/{s}" for j in ("", "-joint") for s in
                          ("answers-like-evidence", "later", "promise-fill")}
    for seed in range(1, 6):
        game = new_game(scenario, seed)
        while not game.over:
            seen = view(game)
            for rule in rules.values():
                decision = rule.decide(seen, random.Random(1))
                assert decision == rule.decide(seen, random.Random(2))
                assert not decision.discover
            for shape in ("pitch-read", "pitch-read-joint"):
                decision = rules[f"naive:{shape}/answers-like-evidence"].decide(
                    seen, random.Random(0))
                silent = [r.id for r in seen.open_requests if r.id not in decision.build
                          and r.id not in decision.answers and not r.forced
                          and not (r.promised_for or 0) > seen.round]
                assert not silent
            game, _ = play_round(game, decision)


def test_a_pitch_reader_as_the_best_template_gets_its_own_hint() -> None:
    """Not the promise-fill hint, though one shape's name ends so: the lever is how much a
    request's own pitch tells about this game's version of it."""
    from pmsim.analysis.breakdown import RequestFigures
    from pmsim.analysis.suggest import suggestions
    from pmsim.analysis.verdict import Check

    scenario = _bet(0.0)
    built = {"optimal": 0.9, "evidence": 0.5, "rice": 0.5, "loudest": 0.5, "best naive": 0.95}
    rows = [RequestFigures(r.id, r.id, 3, built, 1.0, 0.95) for r in scenario.requests]
    for shape in ("read/promise-fill", "read/later", "read-joint/answers-like-evidence"):
        failed = [Check(f"evidence / best naive rule (naive:pitch-{shape})", 1.0, 1.15,
                        False)]
        hint = [s.text for s in suggestions(scenario, failed, rows, [], [])
                if "best template" in s.text]
        assert len(hint) == 1 and "its own pitch" in hint[0], shape

"""The pitch reader (`naive:pitch-read/*`): each request's worth read off its own pitch, as
learned from replays. Tested on its model (it recovers how worth follows a pitch, and only as
far as the pitch tells), on what its rules see and answer, and on the hint it earns."""

from __future__ import annotations

import random
from statistics import correlation

import pytest

from pmsim.analysis.naive import panel
from pmsim.analysis.pitch_reader import RIDGE, fit, learn
from pmsim.analysis.world_reader import worth_per_point
from pmsim.engine import new_game, play_round, view
from pmsim.engine.truth import draw
from tests.conftest import load_text

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


def test_fit_recovers_a_straight_line_shrunk_by_the_ridge() -> None:
    """worth = 2 + 3 z exactly, z the standardised log-claim: least squares with the slope
    penalised gives the intercept 2 and the slope 3 n / (n + ridge), n the games (sum of z²)."""
    claims = [{"revenue": 10 * 1.5 ** k} for k in range(-10, 11)]
    spread = (sum(k * k for k in range(-10, 11)) / 21) ** 0.5
    worth = [2 + 3 * k / spread for k in range(-10, 11)]
    model = fit(claims, worth)
    assert model.coefficients[0] == pytest.approx(2)
    assert model.coefficients[1] == pytest.approx(3 * 21 / (21 + RIDGE))
    assert fit(claims, [0.0] * 21).coefficients == pytest.approx((0.0, 0.0))
    with pytest.raises(ValueError):
        fit(claims, worth[:-1])


def test_a_claim_of_nothing_counts_as_the_usual_pitch() -> None:
    model = fit([{"revenue": 1.0}, {"revenue": 100.0}, {"revenue": 10.0}], [1.0, 3.0, 2.0])
    assert model.predict({}) == pytest.approx(model.coefficients[0])
    assert model.predict({"revenue": -5.0}) == pytest.approx(model.coefficients[0])
    assert model.predict({"revenue": 100.0}) > model.predict({"revenue": 1.0})


def _foretold(noise: float) -> float:
    """How well the learned model ranks the bet's worth in fresh games: the correlation of
    the foretold and the true worth per point over 60 games it did not learn from."""
    scenario = _bet(noise)
    model = learn(scenario, [draw(scenario, s) for s in range(1, 201)])["bet"]
    fresh = [draw(scenario, s) for s in range(201, 261)]
    return correlation([model.predict(t.claims["bet"]) for t in fresh],
                       [worth_per_point(scenario, t)["bet"] for t in fresh])


def test_the_reader_learns_what_an_honest_pitch_tells_and_no_more() -> None:
    """With no noise and no optimism the pitch is the truth, and the reader ranks the bet's
    games almost perfectly; with wide noise, the same pitch tells much less."""
    assert _foretold(0.0) > 0.95
    assert _foretold(2.5) < 0.6


def test_the_pitch_readers_are_in_the_panel_and_read_only_the_view() -> None:
    """Three shapes; the same view gives the same decision whatever the random stream; no
    discovery; and the evidence-answered shape leaves nobody without an answer."""
    scenario = _bet(0.0)
    rules = {n: r for n, r in panel(scenario).items() if n.startswith("naive:pitch-read/")}
    assert sorted(rules) == [f"naive:pitch-read/{s}" for s in
                             ("answers-like-evidence", "later", "promise-fill")]
    for seed in range(1, 6):
        game = new_game(scenario, seed)
        while not game.over:
            seen = view(game)
            for rule in rules.values():
                decision = rule.decide(seen, random.Random(1))
                assert decision == rule.decide(seen, random.Random(2))
                assert not decision.discover
            decision = rules["naive:pitch-read/answers-like-evidence"].decide(
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
    for shape in ("promise-fill", "later", "answers-like-evidence"):
        failed = [Check(f"evidence / best naive rule (naive:pitch-read/{shape})", 1.0, 1.15,
                        False)]
        hint = [s.text for s in suggestions(scenario, failed, rows, [], [])
                if "best template" in s.text]
        assert len(hint) == 1 and "its own pitch" in hint[0], shape

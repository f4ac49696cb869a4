"""The one-line explanation of a baseline's result names what it chose to build apart from what
was forced on it, and the best request it never shipped, by the truth."""

from __future__ import annotations

from conftest import load_text

from pmsim.analysis.coach import explain
from pmsim.analysis.compare import BaselineResult
from pmsim.engine import Decision, new_game, play_round, score

TEXT = """\
format: 2
id: forced
title: Forced
summary: A scenario with a forced loss.
briefing: You are the PM.
rounds: 2
capacity: 10
stakeholders:
  - id: ana
    name: Ana
    role: CEO
    trust: 70
requests:
  - id: pet
    title: The CEO's pet project
    asked_by: ana
    pitch: It brings {revenue} dollars.
    estimate: 3
    cost: [3, 3]
    claims: [revenue]
    impact: {revenue: [-3000, -2500]}
  - id: chosen-loss
    title: A chosen loss
    asked_by: ana
    pitch: It brings {revenue} dollars.
    estimate: 3
    cost: [3, 3]
    claims: [revenue]
    impact: {revenue: [-1000, -900]}
  - id: gem
    title: The gem
    asked_by: ana
    pitch: Customers want it.
    estimate: 3
    cost: [3, 3]
    impact: {satisfaction: [6, 8]}
events:
  - id: push
    title: The CEO pushes her project
    message: It goes in now.
    round: 1
    effects: {force_requests: [pet]}
"""


def test_the_explanation_separates_choices_from_what_was_forced() -> None:
    result = load_text(TEXT)
    assert result.scenario is not None, result.render()
    game = new_game(result.scenario, 1)
    game, _ = play_round(game, Decision(build=("chosen-loss",)))
    game, _ = play_round(game, Decision())
    s = score(game)
    b = BaselineResult("rice", "ranks by claims", s.total, s.pillars, (), None, game)
    titles = {r.id: r.title for r in result.scenario.requests}
    line = explain(b, s.total + 10, titles)
    assert line.startswith(f"RICE {s.total:.1f} (10.0 below you)")
    assert "it built A chosen loss, really revenue" in line
    assert "it had The CEO's pet project forced in over its head" in line
    assert "it never shipped The gem, really satisfaction" in line

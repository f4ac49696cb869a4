"""Determinism: a game is a function of (scenario, seed, decisions), in any process.

Protects replays, workshop re-simulation and the 'what if' analysis: the same scenario, seed and
decisions give the identical final metrics, trust, reports and score in one process and across
processes (with different hash seeds, so set or dict-order accidents show); different seeds draw
different worlds; the world does not depend on what the player decides.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

from test_engine_support import D, play_randomly, random_decision, tutorial

from pmsim import engine
from pmsim.engine.game import Game

REPO = Path(__file__).resolve().parent.parent

# Plays the decisions given as JSON on stdin on the bundled tutorial and prints the outcome.
CHILD = """
import json, sys
from pmsim import engine
from pmsim.resources import scenarios_dir
from pmsim.scenario import load_file

data = json.load(sys.stdin)
scenario = load_file(scenarios_dir() / "tutorial.yaml").scenario
game = engine.new_game(scenario, data["seed"])
for raw in data["decisions"]:
    game, _ = engine.play_round(game, engine.Decision.from_dict(raw))
score = engine.score(game)
print(json.dumps({
    "metrics": game.metrics,
    "trust": game.trust,
    "status": game.status,
    "revenue_earned": game.revenue_earned,
    "score": {"total": score.total, "pillars": score.pillars, "penalty": score.penalty},
    "as_dict": score.as_dict(),
}, sort_keys=True))
"""


def outcome(game: Game) -> dict[str, Any]:
    score = engine.score(game)
    return json.loads(json.dumps({
        "metrics": game.metrics,
        "trust": game.trust,
        "status": game.status,
        "revenue_earned": game.revenue_earned,
        "score": {"total": score.total, "pillars": score.pillars, "penalty": score.penalty},
        "as_dict": score.as_dict(),
    }, sort_keys=True))


def random_game(seed: int, policy_seed: int) -> tuple[Game, list[engine.Decision]]:
    end, _ = play_randomly(tutorial(), seed, policy_seed)
    return end, list(end.decisions)


def test_same_inputs_give_the_same_game_in_one_process() -> None:
    for seed in (0, 7, 12345):
        first, decisions = random_game(seed, policy_seed=seed + 1)
        game = engine.new_game(tutorial(), seed)
        for decision in decisions:
            game, _ = engine.play_round(game, decision)
        assert outcome(game) == outcome(first)
        assert game.reports == first.reports
        assert game.metric_history == first.metric_history
        assert game.trust_history == first.trust_history
        assert engine.debrief(game) == engine.debrief(first)


def test_same_inputs_give_the_same_game_in_other_processes() -> None:
    seed = 7
    end, decisions = random_game(seed, policy_seed=99)
    payload = json.dumps({"seed": seed, "decisions": [d.to_dict() for d in decisions]})
    results = []
    for hash_seed in ("0", "1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", CHILD], input=payload, capture_output=True, text=True,
            cwd=REPO, env=env, timeout=60, check=False,
        )
        assert done.returncode == 0, done.stderr
        results.append(json.loads(done.stdout))
    assert results[0] == results[1] == results[2] == outcome(end)


def test_different_seeds_draw_different_worlds() -> None:
    truths = [engine.new_game(tutorial(), seed).truth for seed in range(10)]
    costs = {tuple(sorted(t.cost.items())) for t in truths}
    impacts = {json.dumps(t.impact, sort_keys=True) for t in truths}
    assert len(costs) >= 8
    assert len(impacts) == 10
    # and the same seed draws the same world
    assert engine.new_game(tutorial(), 3).truth == engine.new_game(tutorial(), 3).truth


def test_the_world_does_not_depend_on_the_decisions() -> None:
    rng = random.Random(5)
    for seed in range(5):
        start = engine.new_game(tutorial(), seed)
        game = start
        while not game.over:
            game, _ = engine.play_round(game, random_decision(engine.view(game), rng))
        assert game.truth == start.truth
    # two different plans on one seed meet the same truth in the debrief
    quiet, _ = engine.play_round(engine.new_game(tutorial(), 11), D())
    busy, _ = engine.play_round(
        engine.new_game(tutorial(), 11), D(build=["double-booking", "db-upgrade"])
    )
    assert quiet.truth == busy.truth


def test_different_seeds_can_end_differently_for_the_same_plan() -> None:
    """Luck matters (a little): the same decisions give different outcomes on other seeds."""
    plan = [
        D(build=["online-deposits", "double-booking"],
          answers={"branded-app": "no", "annual-plan-test": "later", "sms-reminders": "later",
                   "db-upgrade": "next"}),
    ]
    outcomes = set()
    for seed in range(10):
        game, _ = engine.play_round(engine.new_game(tutorial(), seed), plan[0])
        outcomes.add(json.dumps(game.metrics, sort_keys=True))
    assert len(outcomes) > 1

"""Skill versus luck: how good were the decisions, apart from how the dice fell?

The player's decisions are replayed in many redrawn worlds (the same scenario, other seeds, so
other true costs, impacts and chance events). Their mean score is the quality of the decisions;
the difference between the actual score and that mean is luck.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from ..engine import Decision, Game, check, new_game, play_round, score
from ..engine.truth import draw
from ..scenario.models import Scenario


@dataclass(frozen=True)
class LuckReport:
    actual: float
    expected: float
    """Mean score of the same decisions over redrawn worlds: the quality of the decisions."""
    low: float
    high: float
    """The 10th and 90th percentile of those scores."""
    percentile: float
    """Share of redrawn worlds (0-100) in which the same decisions scored less than they did."""
    samples: int

    @property
    def luck(self) -> float:
        return self.actual - self.expected

    def as_dict(self) -> dict[str, float]:
        return {
            "actual": round(self.actual, 2),
            "expected": round(self.expected, 2),
            "luck": round(self.luck, 2),
            "percentile": round(self.percentile, 1),
            "low": round(self.low, 2),
            "high": round(self.high, 2),
            "samples": self.samples,
        }


def sanitize(game: Game, decision: Decision) -> Decision:
    """The parts of `decision` that can be played in `game` (another world may not offer them)."""
    build = tuple(
        dict.fromkeys(rid for rid in decision.build if not check(game, Decision(build=(rid,))))
    )
    discover = tuple(
        dict.fromkeys(p for p in decision.discover if not check(game, Decision(discover=(p,))))
    )
    answers = {
        rid: answer
        for rid, answer in decision.answers.items()
        if rid not in build and not check(game, Decision(answers={rid: answer}))
    }
    return Decision(build, discover, answers)


def play_decisions(
    scenario: Scenario, seed: int, decisions: Sequence[Decision], truth_seed: int
) -> Game:
    """Play fixed decisions in the world of `truth_seed`, skipping what that world forbids."""
    game = new_game(scenario, seed, truth=draw(scenario, truth_seed))
    for decision in decisions:
        if game.over:
            break
        game, _ = play_round(game, sanitize(game, decision))
    return game


def redraw_seeds(seed: int, samples: int) -> list[int]:
    rng = random.Random(f"luck:{seed}")
    return [rng.getrandbits(32) for _ in range(samples)]


def skill_vs_luck(game: Game, samples: int = 40) -> LuckReport:
    actual = score(game).total
    scores = sorted(
        score(play_decisions(game.scenario, game.seed, game.decisions, s)).total
        for s in redraw_seeds(game.seed, samples)
    )
    below = sum(1 for s in scores if s < actual)
    return LuckReport(
        actual=actual,
        expected=sum(scores) / len(scores),
        low=scores[len(scores) // 10],
        high=scores[(len(scores) * 9) // 10 - 1 if len(scores) >= 10 else -1],
        percentile=100.0 * below / len(scores),
        samples=len(scores),
    )

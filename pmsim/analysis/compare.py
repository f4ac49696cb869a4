"""The debrief's comparison: the player against baselines on the same seed, and against luck."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..engine import Game, score
from .luck import LuckReport, skill_vs_luck
from .optimal import search
from .policies import POLICIES, play

BASELINES = ("loudest", "rice", "wsjf", "random", "evidence")
"""The naive ways of deciding, random play, and `evidence`, the fair policy that reads the
claims as claims and tests them: a plan that needed no hindsight."""


@dataclass(frozen=True)
class BaselineResult:
    name: str
    description: str
    score: float
    pillars: dict[str, float]
    shipped: tuple[tuple[str, ...], ...]
    """What it shipped, round by round."""
    luck: LuckReport | None
    game: Game | None = field(default=None, compare=False, repr=False)
    """The whole game it played, for the debrief's plan beside the player's."""


@dataclass(frozen=True)
class Comparison:
    player: LuckReport
    baselines: tuple[BaselineResult, ...]

    def baseline(self, name: str) -> BaselineResult:
        return next(b for b in self.baselines if b.name == name)


def shipped_by_round(game: Game) -> tuple[tuple[str, ...], ...]:
    return tuple(
        tuple(w.request for w in report.work if w.outcome == "shipped") for report in game.reports
    )


def _result(name: str, description: str, game: Game, samples: int) -> BaselineResult:
    s = score(game)
    luck = skill_vs_luck(game, samples) if samples else None
    return BaselineResult(name, description, s.total, s.pillars, shipped_by_round(game), luck,
                          game)


def compare(game: Game, samples: int = 30, budget: int = 60,
            progress: Callable[[float], None] | None = None) -> Comparison:
    """How the finished `game` compares with every baseline on its own seed. `progress`
    (if given) hears the share done, 0-1, after each step."""
    scenario, seed = game.scenario, game.seed
    steps = len(BASELINES) + 3
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done / steps)

    games = {name: play(scenario, seed, POLICIES[name]) for name in BASELINES}
    best = search(scenario, seed, candidates=[game, *games.values()], budget=budget)
    step()
    results = []
    for name, g in games.items():
        results.append(_result(name, POLICIES[name].description, g, samples))
        step()
    results.append(_result("optimal", best.method, best.game, samples))
    step()
    player = skill_vs_luck(game, samples)
    step()
    return Comparison(player=player, baselines=tuple(results))

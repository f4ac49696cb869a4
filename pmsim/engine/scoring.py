"""The score: four pillars on one scale, and a penalty for neglecting any of them.

Each pillar is 100 when its target is met, 50 one "step" short of it, 0 two steps short, and at
most 150. A step is the distance from the starting value to the target, but never less than the
scenario's `scoring.steps` (by default 10 points of satisfaction or tech health, 20 of trust, 10 %
of customers or revenue), so a target equal to the start still has a scale.
The total is the weighted mean of the pillars, less half of every point by which a pillar falls
below 50: a plan that wins on customers by wrecking the code or burning trust pays for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .game import Game
from .ledger import weighted_trust

PILLARS = ("customer", "business", "technology", "trust")
NEGLECT_LINE = 50.0
NEGLECT_PENALTY = 0.5


@dataclass(frozen=True, slots=True)
class Score:
    total: float
    pillars: dict[str, float]
    weights: dict[str, float]
    penalty: float
    """Points taken off for pillars below the neglect line."""
    targets: dict[str, float]
    """The target each pillar was measured against."""

    def as_dict(self) -> dict[str, object]:
        return {
            "score": round(self.total, 2),
            "pillars": {k: round(v, 2) for k, v in self.pillars.items()},
            "penalty": round(self.penalty, 2),
        }


def _pillar(final: float, start: float, target: float, step: float) -> float:
    step = max(abs(target - start), step)
    return max(0.0, min(150.0, 100.0 + 50.0 * (final - target) / step))


def targets(game: Game) -> dict[str, float]:
    """The target of each measure: the scenario's, or by default one step above the start
    for satisfaction, customers and revenue (`scoring.steps`) and the start for tech health
    and trust."""
    scenario = game.scenario
    given = scenario.scoring.targets
    steps = scenario.scoring.steps
    start = game.start_metrics
    defaults = {
        "satisfaction": min(100.0, start["satisfaction"] + steps.satisfaction),
        "customers": start["customers"] * (1 + steps.growth),
        "revenue": start["revenue"] * (1 + steps.growth),
        "tech_health": start["tech_health"],
        "trust": weighted_trust(game, game.start_trust),
    }
    return {
        name: float(value) if (value := getattr(given, name)) is not None else default
        for name, default in defaults.items()
    }


def step_points(game: Game) -> dict[str, float]:
    """Final-score points that one step of each metric (`Lookup.steps`, the unit policies and
    reports weigh metrics in) adds while its pillar stays between 0 and 150: the pillar's share
    of the weights times the 50 points a step of the pillar gives, times the metric's step over
    the pillar's (which is never less than the distance from start to target), halved for
    satisfaction and customers, which share the customer pillar. Revenue's step is a step per
    round kept for the whole game (`_revenue_share`). Morale is in no pillar: 0 (it counts
    through capacity)."""
    w = game.scenario.scoring.weights
    total = w.customer + w.business + w.technology + w.trust
    goal = targets(game)
    start = game.start_metrics
    steps = game.lookup.steps

    def per_step(metric: str, weight: float, share: float) -> float:
        pillar_step = max(abs(goal[metric] - start[metric]), steps[metric])
        return weight / total * 50.0 * share * steps[metric] / pillar_step

    return {
        "satisfaction": per_step("satisfaction", w.customer, 0.5),
        "customers": per_step("customers", w.customer, 0.5),
        "revenue": w.business / total * 50.0 * _revenue_share(game, goal["revenue"]),
        "tech_health": per_step("tech_health", w.technology, 1.0),
        "morale": 0.0,
    }


def _revenue_share(game: Game, target: float) -> float:
    """A step of revenue kept every round, over the business pillar's step for a whole game
    (`_business`: the distance from the start to the target path, summed over the rounds,
    and never less than a step per round)."""
    start = game.start_metrics["revenue"]
    rounds = game.scenario.rounds
    step = max(1.0, game.scenario.scoring.steps.growth * start) * rounds
    return step / max(abs(target - start) * (rounds + 1) / 2, step)


def pillars(game: Game, goal: dict[str, float]) -> dict[str, float]:
    """Each pillar (0-150) of the rounds played so far, against the targets `goal`."""
    steps = game.scenario.scoring.steps
    start = game.start_metrics
    end = game.metrics
    satisfaction = _pillar(end["satisfaction"], start["satisfaction"], goal["satisfaction"],
                           steps.satisfaction)
    customers = _pillar(end["customers"], start["customers"], goal["customers"],
                        max(1.0, steps.growth * start["customers"]))
    return {
        "customer": (satisfaction + customers) / 2,
        "business": _business(game, goal["revenue"]),
        "technology": _pillar(end["tech_health"], start["tech_health"], goal["tech_health"],
                              steps.tech_health),
        "trust": _pillar(weighted_trust(game), weighted_trust(game, game.start_trust),
                         goal["trust"], steps.trust),
    }


def _business(game: Game, target: float) -> float:
    """Revenue counts every round it was earned, against a path from the start to the
    target: shipping value early is worth more."""
    start = game.start_metrics["revenue"]
    played = len(game.metric_history)
    if not played:
        return _pillar(start, start, target, 1.0)
    rounds = game.scenario.rounds
    path = [start + (target - start) * k / rounds for k in range(1, played + 1)]
    step = max(1.0, game.scenario.scoring.steps.growth * start * played)
    return _pillar(game.revenue_earned, start * played, sum(path), step)


def score(game: Game) -> Score:
    """The score of the rounds played so far (the final score once the game is over)."""
    goal = targets(game)
    found = pillars(game, goal)
    w = game.scenario.scoring.weights
    raw = {"customer": w.customer, "business": w.business, "technology": w.technology,
           "trust": w.trust}
    total_weight = sum(raw.values())
    weights = {k: v / total_weight for k, v in raw.items()}
    mean = sum(weights[p] * found[p] for p in PILLARS)
    penalty = NEGLECT_PENALTY * sum(max(0.0, NEGLECT_LINE - found[p]) for p in PILLARS)
    return Score(total=max(0.0, mean - penalty), pillars=found, weights=weights,
                 penalty=penalty, targets=goal)

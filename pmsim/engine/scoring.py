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


def score(game: Game) -> Score:
    """The score of the rounds played so far (the final score once the game is over)."""
    scenario = game.scenario
    targets = scenario.scoring.targets
    start = game.start_metrics
    end = game.metrics
    played = len(game.metric_history)

    sat_target = targets.satisfaction if targets.satisfaction is not None else min(
        100.0, start["satisfaction"] + 10
    )
    cust_target = targets.customers if targets.customers is not None else start["customers"] * 1.1
    rev_target = targets.revenue if targets.revenue is not None else start["revenue"] * 1.1
    tech_target = targets.tech_health if targets.tech_health is not None else start["tech_health"]
    start_trust = weighted_trust(game, game.start_trust)
    trust_target = targets.trust if targets.trust is not None else start_trust

    steps = scenario.scoring.steps
    satisfaction = _pillar(end["satisfaction"], start["satisfaction"], sat_target,
                           steps.satisfaction)
    customers = _pillar(
        end["customers"], start["customers"], cust_target,
        max(1.0, steps.growth * start["customers"]),
    )
    customer = (satisfaction + customers) / 2

    # Revenue counts every round it was earned: shipping value early is worth more.
    if played:
        rounds = scenario.rounds
        path = [
            start["revenue"] + (rev_target - start["revenue"]) * k / rounds
            for k in range(1, played + 1)
        ]
        business = _pillar(
            game.revenue_earned,
            start["revenue"] * played,
            sum(path),
            max(1.0, steps.growth * start["revenue"] * played),
        )
    else:
        business = _pillar(start["revenue"], start["revenue"], rev_target, 1.0)

    technology = _pillar(end["tech_health"], start["tech_health"], tech_target,
                         steps.tech_health)
    trust = _pillar(weighted_trust(game), start_trust, trust_target, steps.trust)

    pillars = {"customer": customer, "business": business, "technology": technology, "trust": trust}
    w = scenario.scoring.weights
    raw = {"customer": w.customer, "business": w.business, "technology": w.technology,
           "trust": w.trust}
    total_weight = sum(raw.values())
    weights = {k: v / total_weight for k, v in raw.items()}
    mean = sum(weights[p] * pillars[p] for p in PILLARS)
    penalty = NEGLECT_PENALTY * sum(max(0.0, NEGLECT_LINE - pillars[p]) for p in PILLARS)
    return Score(
        total=max(0.0, mean - penalty),
        pillars=pillars,
        weights=weights,
        penalty=penalty,
        targets={
            "satisfaction": sat_target,
            "customers": cust_target,
            "revenue": rev_target,
            "tech_health": tech_target,
            "trust": trust_target,
        },
    )


"""The hidden truth of one game: every uncertain quantity, drawn once from the game's seed.

Drawing everything up front (rather than as the game goes) means a game's randomness does not
depend on the player's choices: the same seed gives the same world whatever they do, which is
what makes replays, "what if" and the skill-versus-luck analysis meaningful.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..scenario.models import Scenario


@dataclass(frozen=True, slots=True)
class Truth:
    cost: dict[str, int]
    """Real cost of each request, in points."""
    impact: dict[str, dict[str, float]]
    """Real change to each metric when the request ships (on time)."""
    neglect: dict[str, dict[str, float]]
    """Real change to each metric per round the request stays unshipped."""
    event_rolls: dict[str, tuple[float, ...]]
    """A uniform draw per event per round (index 0 is round 1), compared with its chance."""
    outage_rolls: tuple[float, ...]
    """A uniform draw per round, for outages when tech health is low."""
    reveal_offsets: dict[tuple[str, str], float]
    """Where the truth sits (0-1) inside the range a discovery method reveals."""


def draw(scenario: Scenario, seed: int) -> Truth:
    """Draw the truth in file order, so the same scenario and seed always give the same world."""
    rng = random.Random(seed)
    cost: dict[str, int] = {}
    impact: dict[str, dict[str, float]] = {}
    neglect: dict[str, dict[str, float]] = {}
    offsets: dict[tuple[str, str], float] = {}
    for request in scenario.requests:
        low, high = request.cost or (request.estimate, request.estimate)
        cost[request.id] = rng.randint(int(low), int(high))
        impact[request.id] = _draw_each(rng, request.impact)
        neglect[request.id] = _draw_each(rng, request.neglect)
        for method in scenario.discovery:
            offsets[(request.id, method.id)] = rng.random()
    rounds = scenario.rounds
    event_rolls = {e.id: tuple(rng.random() for _ in range(rounds)) for e in scenario.events}
    outage_rolls = tuple(rng.random() for _ in range(rounds))
    return Truth(cost, impact, neglect, event_rolls, outage_rolls, offsets)


def _draw_each(rng: random.Random, ranges: dict[str, list[float]]) -> dict[str, float]:
    return {metric: round(rng.uniform(low, high), 2) for metric, (low, high) in ranges.items()}

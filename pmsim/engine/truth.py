"""The hidden truth of one game: every uncertain quantity, drawn once from the game's seed.

Drawing everything up front (rather than as the game goes) means a game's randomness does not
depend on the player's choices: the same seed gives the same world whatever they do, which is
what makes replays, "what if" and the skill-versus-luck analysis meaningful.

What the player sees is drawn here too, from the truth, so that it is evidence and not an
answer key:

- a **claim** is the true impact times the asker's optimism (drawn per game from the
  stakeholder's `optimism` range) times a log-normal factor of spread `uncertainty`. A claim
  ranks requests better than chance, but a loud ask can be right and a modest one wrong;
- the **world** (when the scenario states `worlds`) is drawn first: it decides which ranges
  the requests' impacts come from, so which request pays can change from game to game;
- each stakeholder's **belief** is the world they pitch from: the real one with chance
  `insight`, otherwise one drawn by the worlds' chances. A pitch is the impact the request
  would have in the believed world (at the same place in its range as the truth), so the
  pitches show what the askers believe and only evidence shows which world it is;
- a **finding** of a discovery method is the truth plus the method's lean (`bias`) plus a
  normal error of spread `precision`, both in units of the width of the range the truth is
  drawn from. Two methods err independently, so they can disagree.

Each kind of draw has its own stream (seeded from the game's seed and a name), so adding a
discovery method to a scenario does not redraw its costs and impacts.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..scenario.models import DiscoveryMethod, Request, Scenario

COST = "cost"
"""The key of a cost finding beside the metric findings."""


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
    optimism: dict[str, float]
    """Each stakeholder's optimism this game: the factor their claims run above the truth."""
    claims: dict[str, dict[str, float]]
    """What each request's pitch claims for each of its claimed metrics (visible)."""
    findings: dict[tuple[str, str], dict[str, float]]
    """What each discovery method would find on each request: per metric, and the cost under
    `COST` (visible once the method is run)."""
    escalation_rolls: dict[str, tuple[float, ...]]
    """A uniform draw per stakeholder per round, for escalations when trust is low."""
    world: str = ""
    """The id of the world this game is played in ('' when the scenario states none)."""
    belief: dict[str, str] = field(default_factory=dict)
    """The world each stakeholder pitches from, by id (empty when the scenario states none)."""
    believed: dict[str, dict[str, float]] = field(default_factory=dict)
    """The impact each request's pitch was drawn from: its truth, or with worlds, its impact in
    the world its asker believes in (empty in truths built without it)."""


def stream(seed: int, name: str) -> random.Random:
    """The random stream `name` of the game of `seed` (string seeds hash the same everywhere)."""
    return random.Random(f"{seed}:{name}")


def draw(scenario: Scenario, seed: int) -> Truth:
    """Draw the truth in file order, so the same scenario and seed always give the same world."""
    world = draw_world(scenario, seed)
    rng = stream(seed, "truth")
    cost: dict[str, int] = {}
    impact: dict[str, dict[str, float]] = {}
    neglect: dict[str, dict[str, float]] = {}
    place: dict[str, dict[str, float]] = {}
    for request in scenario.requests:
        cost[request.id] = _draw_cost(rng, request)
        impact[request.id], place[request.id] = _draw_each(rng, request.impact_for(world))
        neglect[request.id], _ = _draw_each(rng, request.neglect_for(world))
    chance = stream(seed, "chance")
    rounds = scenario.rounds
    event_rolls = {e.id: tuple(chance.random() for _ in range(rounds)) for e in scenario.events}
    outage_rolls = tuple(chance.random() for _ in range(rounds))
    escalation_rolls = {
        s.id: tuple(chance.random() for _ in range(rounds)) for s in scenario.stakeholders
    }
    seen = stream(seed, "signals")
    optimism = {s.id: seen.uniform(*s.optimism) for s in scenario.stakeholders}
    belief = draw_belief(scenario, seed, world)
    hunch = stream(seed, "hunch")
    believed = {
        r.id: impact[r.id] if belief.get(r.asked_by, world) == world
        else believed_impact(r, belief[r.asked_by], place[r.id], hunch)
        for r in scenario.requests
    }
    claims = {
        r.id: claims_for(r, believed[r.id], optimism[r.asked_by], seen, scenario)
        for r in scenario.requests
    }
    findings = {
        (r.id, m.id): finding(r, m, impact[r.id], cost[r.id], seen.gauss(0, 1), seen)
        for r in scenario.requests
        for m in scenario.discovery
    }
    return Truth(cost, impact, neglect, event_rolls, outage_rolls, optimism, claims, findings,
                 escalation_rolls, world, belief, believed)


def draw_world(scenario: Scenario, seed: int) -> str:
    """The world the game of `seed` is played in, by the worlds' chances ('' when the scenario
    states none). Its own stream, so stating worlds does not redraw the chance events."""
    if not scenario.worlds:
        return ""
    return _by_chance(scenario, stream(seed, "world").random())


def draw_belief(scenario: Scenario, seed: int, world: str) -> dict[str, str]:
    """The world each stakeholder pitches from in the game of `seed` played in `world`: that
    world with chance `insight`, otherwise one drawn by the worlds' chances (which may be it
    again). Empty without worlds. Its own stream, two draws per stakeholder in file order."""
    if not scenario.worlds:
        return {}
    rng = stream(seed, "belief")
    belief: dict[str, str] = {}
    for person in scenario.stakeholders:
        right, roll = rng.random(), rng.random()
        belief[person.id] = world if right < person.insight else _by_chance(scenario, roll)
    return belief


def _by_chance(scenario: Scenario, roll: float) -> str:
    for world in scenario.worlds:
        roll -= world.chance
        if roll < 0:
            return world.id
    return scenario.worlds[-1].id  # the chances' rounding


def believed_impact(request: Request, world: str, place: Mapping[str, float],
                    rng: random.Random) -> dict[str, float]:
    """What `request` would do in `world` at the same place in each range (0-1) as its truth;
    a metric the real world does not move gets a place from `rng`."""
    believed: dict[str, float] = {}
    for metric, (low, high) in request.impact_for(world).items():
        at = place[metric] if metric in place else rng.random()
        believed[metric] = round(low + (high - low) * at, 2)
    return believed


def _draw_cost(rng: random.Random, request: Request) -> int:
    low, high = request.cost or (request.estimate, request.estimate)
    return rng.randint(int(low), int(high))


def _draw_each(rng: random.Random, ranges: Mapping[Any, list[float]]
               ) -> tuple[dict[str, float], dict[str, float]]:
    """A value uniform in each range, and its place in the range (0-1)."""
    place = {metric: rng.random() for metric in ranges}
    value = {metric: round(low + (high - low) * place[metric], 2)
             for metric, (low, high) in ranges.items()}
    return value, place


def claim_floor(request: Request, metric: str, scenario: Scenario) -> float:
    """The least a pitch claims for a metric it names: a quarter of the range's reach, or a
    fifth of a step of the metric when the truth has no range (nobody pitches zero)."""
    low, high = request.impact_range(metric)
    reach = max(abs(low), abs(high))
    if reach > 0:
        return 0.25 * reach
    return 0.2 * metric_step(scenario, metric)


def metric_step(scenario: Scenario, metric: str) -> float:
    """One step of a metric, from the scenario's `scoring.steps` (customers and revenue as a
    share of their starting level)."""
    steps = scenario.scoring.steps
    if metric in ("customers", "revenue"):
        start = float(getattr(scenario.metrics, metric))
        return max(1.0, steps.growth * start)
    return float(getattr(steps, metric))


def claims_for(
    request: Request,
    impact: dict[str, float],
    optimism: float,
    rng: random.Random,
    scenario: Scenario,
) -> dict[str, float]:
    """The pitch's numbers: the truth (at least the claim floor), times the asker's optimism,
    times a log-normal factor of spread `uncertainty`, rounded as people round."""
    claims: dict[str, float] = {}
    for metric in request.claimed_metrics():
        base = max(impact.get(metric, 0.0), claim_floor(request, metric, scenario))
        noise = math.exp(request.uncertainty * rng.gauss(0, 1))
        claims[metric] = nice(base * optimism * noise)
    return claims


def finding(
    request: Request,
    method: DiscoveryMethod,
    impact: dict[str, float],
    cost: int,
    cost_noise: float,
    rng: random.Random,
) -> dict[str, float]:
    """What `method` finds on `request` in a world with this impact and cost."""
    found: dict[str, float] = {}
    if method.reveals in ("impact", "both"):
        for metric in measured(request, method):
            low, high = request.impact_range(metric)
            error = method.bias + method.precision * rng.gauss(0, 1)
            found[metric] = round(impact.get(metric, 0.0) + error * (high - low), 2)
    else:
        for _ in measured(request, method):
            rng.gauss(0, 1)  # keep the stream aligned whatever the method reveals
    if method.reveals in ("cost", "both"):
        low, high = request.cost or (request.estimate, request.estimate)
        found[COST] = float(max(1, round(cost + method.precision * cost_noise * (high - low))))
    return found


def measured(request: Request, method: DiscoveryMethod) -> tuple[str, ...]:
    """The metrics `method` measures on `request`: those the pitch claims or the truth moves,
    less the method's blind spots."""
    metrics = dict.fromkeys((*request.claimed_metrics(), *request.moved_metrics()))
    sees = method.sees
    return tuple(m for m in metrics if sees is None or m in sees)


def nice(value: float) -> float:
    """Round to two significant figures, as a pitch would ("about 6,000")."""
    if value == 0:
        return 0.0
    digits = 1 - math.floor(math.log10(abs(value)))
    return round(value, digits) if digits > 0 else float(round(value, digits))

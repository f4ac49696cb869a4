"""Worlds the player could not tell apart from their own: the truth redrawn given what they saw.

Skill versus luck compares the player's score with the mean score of their decisions in other
worlds. If those worlds are drawn from the scenario's ranges alone, a player who used evidence
well looks lucky in every game (their decisions fit their world, which the evidence showed
them, better than a random one), and the mean "luck" over many games is not zero. So the
worlds are drawn from the *posterior*: each request's cost and impact redrawn in proportion to
how likely they make what the player saw — the pitch's claims and the findings of every
discovery method run on it — while the cost of work the player started or shipped stays what
it was (the report showed it). Then luck is what the evidence could not tell, and its mean over
games is about zero for any way of deciding (the law of total expectation).

Method: per request, `CANDIDATES` draws from the scenario's ranges, each weighted by the
likelihood of the observed claims (log-normal: the asker's optimism, drawn uniformly, is
approximated by a normal in the log with the same mean and variance, added to the request's
`uncertainty`) and findings (normal, as drawn); one candidate is picked by weight
(self-normalised importance sampling). Ignored, as second-order: that one asker's optimism is
shared by all their claims, the rounding of claims, and what the player learned from shipped
work.
"""

from __future__ import annotations

import math
import random
from dataclasses import replace

from ..engine.game import Game
from ..engine.truth import COST, Truth, claim_floor
from ..scenario.models import DiscoveryMethod, Request, Scenario

CANDIDATES = 48
"""Prior draws per request and world: enough for a steady pick, cheap enough for a debrief."""


def _log_uniform_moments(low: float, high: float) -> tuple[float, float]:
    """Mean and variance of log(X) for X uniform on [low, high] (low > 0)."""
    if high - low < 1e-12:
        return math.log(low), 0.0
    def moment(x: float, k: int) -> float:  # the integral of (log t)^k from 0 to x, k = 1, 2
        lx = math.log(x)
        return x * (lx - 1) if k == 1 else x * (lx * lx - 2 * lx + 2)
    width = high - low
    mean = (moment(high, 1) - moment(low, 1)) / width
    square = (moment(high, 2) - moment(low, 2)) / width
    return mean, max(0.0, square - mean * mean)


Candidate = tuple[int, dict[str, float], dict[str, float]]
"""A candidate truth for one request: (cost, impact, neglect)."""


def _draw(rng: random.Random, request: Request, world: str) -> Candidate:
    low, high = request.cost or (request.estimate, request.estimate)
    cost = rng.randint(int(low), int(high))
    impact: dict[str, float] = {
        m: round(rng.uniform(a, b), 2) for m, (a, b) in request.impact_for(world).items()}
    neglect: dict[str, float] = {
        m: round(rng.uniform(a, b), 2) for m, (a, b) in request.neglect_for(world).items()}
    return cost, impact, neglect


def _log_likelihood(
    scenario: Scenario, request: Request, seen: list[DiscoveryMethod], truth: Truth,
    cost: int, impact: dict[str, float], optimism: tuple[float, float],
) -> float:
    """Log-likelihood (up to a constant) of what the player saw, given a candidate truth;
    `optimism` is the mean and variance of the log of the asker's optimism."""
    mean_b, var_b = optimism
    var = request.uncertainty ** 2 + var_b
    total = 0.0
    for metric, claim in truth.claims[request.id].items():
        base = max(impact.get(metric, 0.0), claim_floor(request, metric, scenario))
        if claim <= 0 or base <= 0:
            continue
        total += _normal(math.log(claim), math.log(base) + mean_b, max(var, 1e-4))
    for method in seen:
        for key, found in truth.findings[(request.id, method.id)].items():
            if key == COST:
                cost_low, cost_high = request.cost or (request.estimate, request.estimate)
                expected, spread = float(cost), method.precision * (cost_high - cost_low)
            else:
                low, high = request.impact_range(key)
                expected = impact.get(key, 0.0) + method.bias * (high - low)
                spread = method.precision * (high - low)
            total += _normal(found, expected, max(spread, 0.5 if key == COST else 1e-3) ** 2)
    return total


def _normal(x: float, mean: float, var: float) -> float:
    return -0.5 * (x - mean) ** 2 / var


def redraw(game: Game, rng: random.Random) -> Truth:
    """A truth for `game`'s scenario drawn given what its player saw; chance events, claims
    and findings are kept as they were. With `worlds`, the world is redrawn too, in proportion
    to its chance times how well it explains everything the player saw (its marginal
    likelihood, estimated from the same candidates)."""
    scenario = game.scenario
    truth = game.truth
    worlds = [(w.id, w.chance) for w in scenario.worlds] or [("", 1.0)]
    optimism = {s.id: _log_uniform_moments(*s.optimism) for s in scenario.stakeholders}
    picked: dict[str, Candidate] = {}
    options: list[tuple[str, float, dict[str, Candidate]]] = []
    for world, chance in worlds:
        evidence = math.log(chance)
        own: dict[str, Candidate] = {}
        for request in scenario.requests:
            if request.id in picked:
                continue
            candidate, fit = _pick(game, request, world, optimism[request.asked_by], rng)
            if request.varies_by_world:
                evidence += fit
                own[request.id] = candidate
            else:
                picked[request.id] = candidate  # the same in every world: drawn once
        options.append((world, evidence, own))
    top = max(e for _, e, _ in options)
    world, _, own = (options[0] if len(options) == 1 else rng.choices(
        options, weights=[math.exp(e - top) for _, e, _ in options])[0])
    picked.update(own)
    cost = dict(truth.cost)
    impact = dict(truth.impact)
    neglect = dict(truth.neglect)
    for rid, (drawn_cost, impact[rid], neglect[rid]) in picked.items():
        if rid not in game.shipped_in and not game.progress.get(rid):
            cost[rid] = drawn_cost  # work done showed the player its real size
    return replace(truth, cost=cost, impact=impact, neglect=neglect, world=world)


def _pick(game: Game, request: Request, world: str, optimism: tuple[float, float],
          rng: random.Random) -> tuple[Candidate, float]:
    """One candidate truth for `request` in `world`, picked by its likelihood, and the log of
    the candidates' mean likelihood (how well the world explains what was seen of it; a
    request the worlds do not change explains them all alike, so it is left out). `optimism`:
    the mean and variance of the log of the asker's optimism."""
    seen = [game.lookup.methods[m] for m in game.discovered.get(request.id, ())]
    candidates = [_draw(rng, request, world) for _ in range(CANDIDATES)]
    logs = [_log_likelihood(game.scenario, request, seen, game.truth, c, i, optimism)
            for c, i, _ in candidates]
    top = max(logs)
    weights = [math.exp(x - top) for x in logs]
    pick = rng.choices(range(CANDIDATES), weights=weights)[0]
    return candidates[pick], top + math.log(sum(weights) / CANDIDATES)

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
(self-normalised importance sampling). With `worlds`, the world is picked by its chance times
its marginal likelihood (the candidates' mean weight), and each stakeholder's belief (the world
they pitched from) by its chance given that world (their `insight`) times how well it explains
their pitches; a pitch's claims are then measured against the impact at the candidate's place
in the believed world's range. Ignored, as second-order: that one asker's optimism is
shared by all their claims, the rounding of claims, and what the player learned from shipped
work.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace

from ..engine.game import Game
from ..engine.truth import COST, Truth, believed_impact, claim_floor
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


@dataclass(frozen=True, slots=True)
class Candidate:
    """A candidate truth for one request in one world."""

    cost: int
    impact: dict[str, float]
    neglect: dict[str, float]
    place: dict[str, float]
    """Where each impact sits in its range (0-1): what an asker believing in another world
    would pitch is the impact there at the same place."""


def _draw(rng: random.Random, request: Request, world: str) -> Candidate:
    low, high = request.cost or (request.estimate, request.estimate)
    cost = rng.randint(int(low), int(high))
    ranges = request.impact_for(world)
    place: dict[str, float] = {m: rng.random() for m in ranges}
    impact: dict[str, float] = {m: round(a + (b - a) * place[m], 2) for m, (a, b) in ranges.items()}
    neglect: dict[str, float] = {
        m: round(rng.uniform(a, b), 2) for m, (a, b) in request.neglect_for(world).items()}
    return Candidate(cost, impact, neglect, place)


def _claims_log_likelihood(
    scenario: Scenario, request: Request, claims: dict[str, float], base: dict[str, float],
    optimism: tuple[float, float],
) -> float:
    """Log-likelihood (up to a constant) of the pitch's claims given the impact the asker
    believes in; `optimism` is the mean and variance of the log of the asker's optimism."""
    mean_b, var_b = optimism
    var = max(request.uncertainty ** 2 + var_b, 1e-4)
    total = 0.0
    for metric, claim in claims.items():
        believed = max(base.get(metric, 0.0), claim_floor(request, metric, scenario))
        if claim > 0 and believed > 0:
            total += _normal(math.log(claim), math.log(believed) + mean_b, var)
    return total


def _findings_log_likelihood(request: Request, seen: list[DiscoveryMethod], truth: Truth,
                             candidate: Candidate) -> float:
    """Log-likelihood (up to a constant) of the findings of the methods run, given a
    candidate truth."""
    total = 0.0
    for method in seen:
        for key, found in truth.findings[(request.id, method.id)].items():
            if key == COST:
                cost_low, cost_high = request.cost or (request.estimate, request.estimate)
                expected = float(candidate.cost)
                spread = method.precision * (cost_high - cost_low)
            else:
                low, high = request.impact_range(key)
                expected = candidate.impact.get(key, 0.0) + method.bias * (high - low)
                spread = method.precision * (high - low)
            total += _normal(found, expected, max(spread, 0.5 if key == COST else 1e-3) ** 2)
    return total


def _normal(x: float, mean: float, var: float) -> float:
    return -0.5 * (x - mean) ** 2 / var


def _log_mean_exp(logs: list[float]) -> float:
    top = max(logs)
    return top + math.log(sum(math.exp(x - top) for x in logs) / len(logs))


def _choose(rng: random.Random, logs: list[float]) -> int:
    top = max(logs)
    return rng.choices(range(len(logs)), weights=[math.exp(x - top) for x in logs])[0]


def redraw(game: Game, rng: random.Random) -> Truth:
    """A truth for `game`'s scenario drawn given what its player saw; chance events, claims
    and findings are kept as they were. With `worlds`, the world and each stakeholder's belief
    are redrawn too, in proportion to their chances times how well they explain everything the
    player saw (their marginal likelihood, estimated from the same candidates)."""
    scenario = game.scenario
    truth = game.truth
    worlds = [(w.id, w.chance) for w in scenario.worlds] or [("", 1.0)]
    optimism = {s.id: _log_uniform_moments(*s.optimism) for s in scenario.stakeholders}
    picked: dict[str, Candidate] = {}
    for request in scenario.requests:
        if not request.varies_by_world:  # the same in every world: drawn once
            picked[request.id] = _pick_alone(game, request, worlds[0][0],
                                             optimism[request.asked_by], rng)
    options = [_world_option(game, world, chance, worlds, optimism, rng)
               for world, chance in worlds]
    choice = 0 if len(options) == 1 else _choose(rng, [e for _, e, _, _ in options])
    world, _, own, belief = options[choice]
    picked.update(own)
    cost = dict(truth.cost)
    impact = dict(truth.impact)
    neglect = dict(truth.neglect)
    for rid, candidate in picked.items():
        impact[rid], neglect[rid] = candidate.impact, candidate.neglect
        if rid not in game.shipped_in and not game.progress.get(rid):
            cost[rid] = candidate.cost  # work done showed the player its real size
    return replace(truth, cost=cost, impact=impact, neglect=neglect, world=world,
                   belief=belief if scenario.worlds else {})


def _pick_alone(game: Game, request: Request, world: str, optimism: tuple[float, float],
                rng: random.Random) -> Candidate:
    """One candidate truth for a request no world changes, picked by its likelihood."""
    seen = [game.lookup.methods[m] for m in game.discovered.get(request.id, ())]
    claims = game.truth.claims[request.id]
    candidates = [_draw(rng, request, world) for _ in range(CANDIDATES)]
    logs = [_findings_log_likelihood(request, seen, game.truth, c)
            + _claims_log_likelihood(game.scenario, request, claims, c.impact, optimism)
            for c in candidates]
    return candidates[_choose(rng, logs)]


WorldOption = tuple[str, float, dict[str, Candidate], dict[str, str]]
"""A world, the log of its chance times its marginal likelihood, the candidates picked for the
requests it changes, and the belief picked for each stakeholder."""


def _world_option(game: Game, world: str, chance: float, worlds: list[tuple[str, float]],
                  optimism: dict[str, tuple[float, float]], rng: random.Random) -> WorldOption:
    """`world`'s weight and, were it picked, its candidates and beliefs: per stakeholder, each
    belief is weighed by its chance given `world` (the asker's `insight`) times how well it
    explains their pitches and the findings on their requests."""
    evidence = math.log(chance)
    own: dict[str, Candidate] = {}
    belief: dict[str, str] = {}
    for person in game.scenario.stakeholders:
        requests = [r for r in game.scenario.requests
                    if r.asked_by == person.id and r.varies_by_world]
        drawn = {r.id: [_draw(rng, r, world) for _ in range(CANDIDATES)] for r in requests}
        beliefs = [(b, person.insight * (b == world) + (1 - person.insight) * c)
                   for b, c in worlds] if game.scenario.worlds else [(world, 1.0)]
        logs: list[list[list[float]]] = []  # [belief][request][candidate]
        scores: list[float] = []
        for believed, prior in beliefs:
            per_request = [_candidate_logs(game, r, drawn[r.id], world, believed,
                                           optimism[person.id], rng) for r in requests]
            logs.append(per_request)
            scores.append(math.log(max(prior, 1e-12))
                          + sum(_log_mean_exp(x) for x in per_request))
        evidence += _log_mean_exp(scores) + math.log(len(scores))
        which = _choose(rng, scores)
        belief[person.id] = beliefs[which][0]
        for request, request_logs in zip(requests, logs[which], strict=True):
            own[request.id] = drawn[request.id][_choose(rng, request_logs)]
    return world, evidence, own, belief


def _candidate_logs(game: Game, request: Request, candidates: list[Candidate], world: str,
                    believed: str, optimism: tuple[float, float],
                    rng: random.Random) -> list[float]:
    """Each candidate's log-likelihood of what was seen of `request` when its asker believes
    in `believed`: the findings measure the candidate, the claims the believed impact."""
    seen = [game.lookup.methods[m] for m in game.discovered.get(request.id, ())]
    claims = game.truth.claims[request.id]
    return [
        _findings_log_likelihood(request, seen, game.truth, c)
        + _claims_log_likelihood(
            game.scenario, request, claims,
            c.impact if believed == world else believed_impact(request, believed, c.place, rng),
            optimism)
        for c in candidates
    ]

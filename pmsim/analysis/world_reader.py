"""The world reader: a naive rule that guesses the world from the pitches alone.

Why: a scenario that states `worlds` changes which request pays from game to game, so a
memorised order of requests (`naive:replayed-*`) cannot win it. But the pitches follow what the
askers believe, and each asker believes in the real world with chance `insight` (otherwise in a
world drawn by the worlds' chances). A player who replays the scenario and reads its debriefs
(which name the world and what each asker believed) can learn what the pitches look like under
each belief and how often each asker believes right, then guess this game's world from its
pitches without running any discovery. It aims to be the strongest pitch-only player (up to
what 200 replays can teach): if it comes close to the `evidence` policy, the pitches give the
world away, and the scenario's discovery teaches nothing.

Method: over the replayed games (`REPLAYED_SEEDS`), per world an asker believes in, the mean and
the spread of the log of each request's claim for each claimed metric (grouped by the asker's
belief, `Truth.belief`; by the real world when there are none); per stakeholder and real world,
how often they believed in each world (counts with one added to each); and per real world each
request's mean true worth per point. All of an asker's pitches in a game come from one belief,
so they are not independent evidence of the world: in a game, the chance of each world is its
stated chance times, per asker, a mixture over what they may believe of the Gaussian likelihood
of all their pitches in view (`world_odds`). An asker who believes at random moves the odds
(almost) not at all, however loud. A request's expected worth is its worth in each world
weighted by those chances.

Shapes: the same as the replayed rules, on expected worth: commitments first (promises falling
due, then deadlines), then the expected winners best per point first; 'no' to expected losers,
'next' to the best winner that did not fit (one promise at a time), 'later' to the rest
(`naive:world-reader/no-to-losers`); or everything in order of expected worth, promises renewed,
'later' to the rest (`naive:world-reader/later`). Neither runs discovery.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean, pstdev
from typing import Protocol

from ..engine import Decision
from ..engine.decision import Answer
from ..engine.truth import Truth
from ..engine.view import PlayerView, RequestView
from ..scenario.models import Scenario
from .valuation import Policy, answer_rest, due, fill, honest_answers

REPLAYED_SEEDS = range(1_000_001, 1_000_201)
"""The games a replaying player is taken to have seen before: 200, far from any seed `analyze`
is asked about by default, so the rules are measured on games they did not learn from. Enough
that the learned pitches and worths are steady (with 40, the world reader's score moved by a
few points with the replay set; measured 2026-12-01, bench/RESULTS.md)."""

SD_FLOOR = 0.1
"""The least spread of a log-claim in a world, so that a world seen once (or pitches that never
vary) does not make one odd pitch decisive."""

_TRUTHS: dict[int, tuple[Scenario, tuple[Truth, ...]]] = {}


def replayed_truths(scenario: Scenario) -> tuple[Truth, ...]:
    """The truths of `REPLAYED_SEEDS` for `scenario`, drawn once and shared by the rules that
    learn from replays (the last few scenarios are kept)."""
    from ..engine.truth import draw

    known = _TRUTHS.get(id(scenario))
    if known is not None and known[0] is scenario:
        return known[1]
    truths = tuple(draw(scenario, seed) for seed in REPLAYED_SEEDS)
    if len(_TRUTHS) >= 8:
        _TRUTHS.pop(next(iter(_TRUTHS)))
    _TRUTHS[id(scenario)] = (scenario, truths)
    return truths


def worth_per_point(scenario: Scenario, truth: Truth) -> dict[str, float]:
    """Each request's true worth per point in one game, in final-score points
    (`signals.true_points` over the real cost)."""
    from .signals import true_points

    return {r.id: true_points(scenario, truth, r.id) / max(1, truth.cost[r.id])
            for r in scenario.requests}


Pitch = tuple[str, str]
"""A request and one of its claimed metrics."""


@dataclass(frozen=True)
class WorldModel:
    """What a replaying player learns about each world and about each asker's beliefs."""

    prior: dict[str, float]
    """The scenario's chance of each world."""
    claims: dict[str, dict[Pitch, tuple[float, float]]]
    """Per world an asker believes in, the mean and the spread of the log of each pitch's
    claim (a pitch follows the asker's belief, not the real world)."""
    belief: dict[str, dict[str, dict[str, float]]]
    """Per stakeholder, per real world, the chance of each world they believe in (counted in
    the replays, one added to every count)."""
    worth: dict[str, dict[str, float]]
    """Per real world, each request's mean true worth per point."""


def learn(scenario: Scenario) -> WorldModel:
    """The world model from the replayed games (see the module's docstring). A world never
    believed in them has the claims of all the games pooled; a world never drawn in them keeps
    its chance, the worth of all the games pooled, and even chances of each belief."""
    truths = replayed_truths(scenario)
    ids = [w.id for w in scenario.worlds]
    asker = {r.id: r.asked_by for r in scenario.requests}
    people = [s.id for s in scenario.stakeholders]
    logs: dict[str, dict[Pitch, list[float]]] = {w: {} for w in ids}
    worths: dict[str, list[dict[str, float]]] = {w: [] for w in ids}
    counts = {s: {w: dict.fromkeys(ids, 1) for w in ids} for s in people}
    for truth in truths:
        worths.setdefault(truth.world, []).append(worth_per_point(scenario, truth))
        for person in people:
            believed = truth.belief.get(person, truth.world)
            row = counts[person].setdefault(truth.world, dict.fromkeys(ids, 1))
            row[believed] = row.get(believed, 1) + 1
        for rid, claimed in truth.claims.items():
            believed = truth.belief.get(asker.get(rid, ""), truth.world)
            for metric, value in claimed.items():
                if value > 0:
                    logs.setdefault(believed, {}).setdefault((rid, metric), []).append(
                        math.log(value))
    pooled = _pooled(logs)
    every = [worth for games in worths.values() for worth in games]
    claims: dict[str, dict[Pitch, tuple[float, float]]] = {}
    worth: dict[str, dict[str, float]] = {}
    for w in ids:
        seen = logs.get(w, {})
        claims[w] = {
            pitch: ((fmean(seen[pitch]), max(pstdev(seen[pitch]) if len(seen[pitch]) > 1
                                              else within, SD_FLOOR))
                    if pitch in seen else (overall, max(spread, SD_FLOOR)))
            for pitch, (overall, spread, within) in pooled.items()
        }
        games = worths.get(w) or every
        worth[w] = {r.id: fmean(g[r.id] for g in games) for r in scenario.requests}
    belief = {s: {w: {b: n / sum(row.values()) for b, n in row.items()}
                  for w, row in counts[s].items()} for s in people}
    return WorldModel({w.id: w.chance for w in scenario.worlds}, claims, belief, worth)


def _pooled(logs: dict[str, dict[Pitch, list[float]]]) -> dict[Pitch, tuple[float, float,
                                                                              float]]:
    """Per pitch over every believed world: the mean and spread of all the log-claims, and the
    spread within believed worlds (the deviations from each one's own mean, pooled)."""
    pitches = {pitch for seen in logs.values() for pitch in seen}
    out: dict[Pitch, tuple[float, float, float]] = {}
    for pitch in sorted(pitches):
        groups = [seen[pitch] for seen in logs.values() if pitch in seen]
        values = [x for group in groups for x in group]
        square = sum((x - fmean(group)) ** 2 for group in groups for x in group)
        freedom = len(values) - len(groups)
        within = math.sqrt(square / freedom) if freedom > 0 else pstdev(values)
        out[pitch] = (fmean(values), pstdev(values), within)
    return out


def _log_sum_exp(terms: Sequence[float]) -> float:
    top = max(terms, default=-math.inf)
    if top == -math.inf:
        return top
    return top + math.log(sum(math.exp(t - top) for t in terms))


def _log(p: float) -> float:
    return math.log(p) if p > 0 else -math.inf


class Pitched(Protocol):
    """A pitch as the view shows it (`RequestView` is one): whose request, claiming what."""

    @property
    def id(self) -> str: ...
    @property
    def asked_by(self) -> str: ...
    @property
    def claimed_impact(self) -> Mapping[str, float]: ...


def world_odds(model: WorldModel, view: PlayerView) -> dict[str, float]:
    """The chance of each real world given every pitch in view (open, shipped or declined);
    see `pitches_odds`."""
    return pitches_odds(model, view.requests)


def pitches_odds(model: WorldModel, pitches: Sequence[Pitched]) -> dict[str, float]:
    """The chance of each real world given `pitches`, from the worlds' stated chances. An
    asker pitches all their requests from one believed world, so each asker's pitches count
    once, together, as a mixture over what they may believe: prior(w) x the product over
    askers of the sum over b of P(b | w, asker) x the Gaussian likelihood of that asker's
    log-claims in b. Computed in logs. Sums to 1."""
    beliefs = list(model.claims)
    # Per asker, per believed world: the log-likelihood of the asker's pitches in view.
    fits: dict[str, dict[str, float]] = {}
    for r in pitches:
        for metric, value in r.claimed_impact.items():
            if value <= 0:
                continue
            for b in beliefs:
                stats = model.claims[b].get((r.id, metric))
                if stats is None:
                    continue
                mean, sd = stats
                z = (math.log(value) - mean) / sd
                fit = fits.setdefault(r.asked_by, dict.fromkeys(beliefs, 0.0))
                fit[b] -= 0.5 * z * z + math.log(sd)
    logp: dict[str, float] = {}
    for world, prior in model.prior.items():
        total = _log(prior)
        for person, fit in fits.items():
            chances = model.belief.get(person, {}).get(world, {world: 1.0})
            total += _log_sum_exp([_log(chances.get(b, 0.0)) + fit[b] for b in beliefs])
        logp[world] = total
    top = max(logp.values())
    weights = {w: math.exp(lp - top) for w, lp in logp.items()}
    norm = sum(weights.values())
    return {w: x / norm for w, x in weights.items()}


Odds = Callable[[PlayerView], dict[str, float]]
"""How a rule weighs the worlds in a view (by default `world_odds` on the pitches)."""

Check = tuple[str, str]
"""(request id, discovery method id): one check a memorised plan runs in every game."""


def expected_worth(model: WorldModel, view: PlayerView,
                   odds: dict[str, float] | None = None) -> dict[str, float]:
    """Each request's worth per point, weighted by the chance of each world (`odds`, by
    default `world_odds` on the pitches in view)."""
    odds = world_odds(model, view) if odds is None else odds
    rids = {rid for worth in model.worth.values() for rid in worth}
    return {rid: sum(p * model.worth[w].get(rid, 0.0) for w, p in odds.items()) for rid in rids}


def _order(v: PlayerView, worth: dict[str, float]) -> Callable[[RequestView],
                                                                tuple[float, ...]]:
    """Commitments first (promises falling due, then the nearest deadline), then the most
    expected worth per point: naive.py's `_committed` order on expected worth."""
    def key(r: RequestView) -> tuple[float, ...]:
        deadline = r.deadline if r.deadline is not None and r.deadline >= v.round else 10**6
        return (not due(v, r), deadline, -worth.get(r.id, 0.0))

    return key


def _ranked(pool: Sequence[RequestView],
            key: Callable[[RequestView], tuple[float, ...]]) -> list[RequestView]:
    return sorted(pool, key=lambda r: (*key(r), r.id))


def _checking(v: PlayerView, check: Check | None) -> tuple[tuple[Check, ...], int]:
    """The fixed check, when its request is open in view, the method not yet run on it, and
    it fits the capacity: (the discovery to run, its cost in points)."""
    if check is None:
        return (), 0
    rid, mid = check
    request = next((r for r in v.open_requests if r.id == rid), None)
    method = next((m for m in v.methods if m.id == mid), None)
    if request is None or method is None or mid not in request.discovery_left \
            or method.cost > v.capacity:
        return (), 0
    return (check,), method.cost


def honest_rule(model: WorldModel, odds: Odds | None = None,
            check: Check | None = None) -> Callable[[PlayerView, random.Random], Decision]:
    """The world reader's 'no to losers' shape, weighing worlds by `odds` (by default the
    pitches'), running `check` whenever it can."""

    def decide(v: PlayerView, rng: random.Random) -> Decision:
        """Expected winners, commitments first; 'no' to expected losers, 'next' to the best
        winner that did not fit (one promise at a time), 'later' to the rest."""
        worth = expected_worth(model, v, odds(v) if odds else None)
        key = _order(v, worth)
        runs, spent = _checking(v, check)
        checked = {rid for rid, _ in runs}
        pool = [r for r in v.open_requests if (worth.get(r.id, 0.0) > 0 or due(v, r))
                and r.id not in checked]
        build = fill(v, _ranked(pool, key), spent)
        return Decision(tuple(build), runs, honest_answers(v, build, worth, key))

    return decide


def later_rule(model: WorldModel, odds: Odds | None = None,
           check: Check | None = None) -> Callable[[PlayerView, random.Random], Decision]:
    """The world reader's 'later' shape, weighing worlds by `odds` (by default the
    pitches'), running `check` whenever it can."""

    def decide(v: PlayerView, rng: random.Random) -> Decision:
        """Everything in order of expected worth, commitments first; promises renewed, 'later'
        to the rest."""
        worth = expected_worth(model, v, odds(v) if odds else None)
        runs, spent = _checking(v, check)
        checked = {rid for rid, _ in runs}
        pool = [r for r in v.open_requests if r.id not in checked]
        build = fill(v, _ranked(pool, _order(v, worth)), spent)

        def reply(r: RequestView) -> Answer | None:
            if r.promised_for is not None:
                return None if r.promised_for > v.round else "next"
            return "later"

        return Decision(tuple(build), runs, answer_rest(v, build, reply))

    return decide


def world_reader(scenario: Scenario) -> dict[str, Policy]:
    """The world reader's two shapes for `scenario` (none when it states fewer than two worlds:
    there is no world to guess), learned once from `REPLAYED_SEEDS`."""
    if len(scenario.worlds) < 2:
        return {}
    model = learn(scenario)
    honest, later = "naive:world-reader/no-to-losers", "naive:world-reader/later"
    return {
        honest: Policy(honest, "guesses the world from the pitches as learned in earlier games; "
                       "only what pays in it on average, best per point first; 'no' to losers, "
                       "'next' to the best that did not fit, 'later' to the rest",
                       honest_rule(model)),
        later: Policy(later, "guesses the world from the pitches as learned in earlier games; "
                      "what pays in it best per point first, promises and deadlines first, "
                      "promises renewed, 'later' to the rest", later_rule(model)),
    }

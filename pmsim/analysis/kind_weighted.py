"""Kind-weighted rules: the claim per point, damped, times a weight per kind of request.

Why: a player who has played a few games learns that some kinds of work pay better than their
pitches say (or worse), and ranks by "how big is the pitch, corrected for what sort of card it
is": a RICE-like score with a fudge factor per label. An outside examiner found one such rule
(the square root of the claim per point, features 0.5, experiments 0.7, bugs, tech debt and
compliance 1.5, answered like the `evidence` policy) within 16 % of `evidence` on `roadmap`, a
kind the panel lacked (ranking deadlines first instead, as the other committed rules do, cost
it about 15 % there). The family stands for the whole habit, not for that one table, so a
scenario passes only if judgement beats every weighting of kinds, the one a replaying player
would learn included.

Shapes: score = (value / estimate) ** p × weight[kind], the value as the `evidence` policy
would put it from the pitches alone: the claim in metric steps (`valuation.claimed_value`,
revenue for the share of the game left, at least `CLAIM_FLOOR`), plus half the claims that wait
on the request, weighed up as its deadline nears (1 + 1 / rounds left to it); the estimate in
points still to do; p in `POWERS` (0.5: the square root damps big pitches; 1: the claim per point
as pitched). The weights (all above 0 in the fixed tables; a kind missing from a table
weighs 1) come from

- `learned`: each kind's mean true worth per point (final-score points, mean over its requests
  of `naive.replayed_worth`) over the replayed games (`REPLAYED_SEEDS`): what a player who
  replays the scenario and reads its debriefs learns about which kinds pay. A kind that lost on
  average weighs 0 or less, and the honest shapes never build it (their 'no');
- `maintenance`: the examiner's table, fixes and obligations over bets (`LABEL_TABLES`);
- `bets`: its inverse, features and experiments over maintenance.

Each weighting is played four ways, ranked as `evidence` ranks: promises falling due first
while they score at least `judgement.KEEP_BAR` of the median, then the score, best first.
Promises renewed and 'later' to the rest (`/later`); the next in line promised up to
`naive.PROMISE_SHARE` of the capacity (`/promise-fill`); only what scores above 0, 'no' to the
rest of it, 'next' to the best that did not fit (`/no-to-losers`, `valuation.honest_answers`);
and only what scores above 0, answered like the `evidence` policy: an honest 'no' past the
horizon of what the rounds left can build, one promise for the next
round (`/answers-like-evidence`, `judgement._answers` on the score). None runs discovery or
reads this game's truth: the rules see only the player view.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable, Mapping
from statistics import fmean

from ..engine import Decision
from ..engine.view import PlayerView, RequestView
from ..scenario.models import Scenario
from .judgement import KEEP_BAR, with_delay
from .judgement import _answers as evidence_answers
from .valuation import DecideFn, Policy, claimed_value, due, earning, fill, honest_answers

POWERS = {"sqrt": 0.5, "linear": 1.0}
"""Exponent on the claim per point: 0.5 damps the big pitches (a sceptic's square root), 1 takes
them as pitched."""

CLAIM_FLOOR = 0.01
"""The least claim (metric steps) a score counts, so that a claim of nothing or less ranks last
instead of turning the weight's sign."""

LABEL_TABLES: dict[str, dict[str, float]] = {
    "maintenance": {"feature": 0.5, "experiment": 0.7, "improvement": 1.0, "bug": 1.5,
                    "tech_debt": 1.5, "compliance": 1.5},
}
"""Fixed weights per kind that read the card's label: fixes and obligations pay, bets are
oversold (the examiner's table). Its inverse (`bets`) is added below."""
LABEL_TABLES["bets"] = {kind: 1 / w for kind, w in LABEL_TABLES["maintenance"].items()}

Rank = Callable[[PlayerView, random.Random], list[RequestView]]


def learned_weights(scenario: Scenario, worth: Mapping[str, float]) -> dict[str, float]:
    """Each kind's mean true worth per point over the replayed games, in final-score points:
    the mean of `worth` (`naive.replayed_worth`: each request's) over the scenario's requests
    of that kind (any sign)."""
    kinds: dict[str, list[float]] = {}
    for r in scenario.requests:
        kinds.setdefault(r.kind, []).append(worth[r.id])
    return {kind: fmean(values) for kind, values in kinds.items()}


def _densities(v: PlayerView, weights: dict[str, float], power: float) -> dict[str, float]:
    """The score of every open request: as the `evidence` policy values it (the claim, plus
    `judgement.UNLOCK_SHARE` of the claims that wait on it, weighed up as its deadline nears),
    but from the pitches alone, per point, to the `power`, times its kind's weight."""
    share = earning(v)
    claim = {r.id: max(claimed_value(r, v.steps, share), CLAIM_FLOOR) for r in v.open_requests}
    worth = with_delay(v, claim)
    return {r.id: (worth[r.id] / r.remaining_estimate) ** power * weights.get(r.kind, 1.0)
            for r in v.open_requests}


def _ranking(v: PlayerView, density: dict[str, float]) -> list[RequestView]:
    """Promises falling due first while they score at least `judgement.KEEP_BAR` of the
    median (as `evidence` keeps them), then the score, best first."""
    usual = statistics.median(density.values()) if density else 0.0
    return sorted(v.open_requests, key=lambda r: (
        not (due(v, r) and density[r.id] >= KEEP_BAR * usual), -density[r.id], r.id))


Shape = Callable[[Rank], DecideFn]
"""Builds a rule from a ranking: `naive._rule` ('later', promises renewed) or
`naive._promising` (promise-fill), passed in so that this module does not import `naive`."""


def _family(label: str, weights: dict[str, float], words: str, later: Shape,
            promise_fill: Shape) -> dict[str, Policy]:
    rules: dict[str, Policy] = {}
    for pname, power in POWERS.items():
        def rank(v: PlayerView, rng: random.Random, power: float = power) -> list[RequestView]:
            return _ranking(v, _densities(v, weights, power))

        def plan(v: PlayerView, power: float) -> tuple[dict[str, float], list[RequestView],
                                                        list[str]]:
            density = _densities(v, weights, power)
            ranked = _ranking(v, density)
            return density, ranked, fill(v, [r for r in ranked if density[r.id] > 0])

        def honest(v: PlayerView, rng: random.Random, power: float = power) -> Decision:
            density, ranked, build = plan(v, power)
            order = {r.id: i for i, r in enumerate(ranked)}
            return Decision(tuple(build), (), honest_answers(v, build, density,
                                                             lambda r: (order[r.id],)))

        def like_evidence(v: PlayerView, rng: random.Random, power: float = power) -> Decision:
            density, ranked, build = plan(v, power)
            return Decision(tuple(build), (), evidence_answers(v, ranked, build, set(), density))

        shown = "the square root of " if power < 1 else ""
        base = f"naive:kind-weighted-{label}-{pname}"
        what = (f"promises falling due first, then {shown}the claim per point (with what waits "
                f"on it, more as a deadline nears) times a weight per kind ({words})")
        rules[f"{base}/later"] = Policy(
            f"{base}/later", f"{what}; promises renewed, 'later' to the rest",
            later(rank))
        rules[f"{base}/promise-fill"] = Policy(
            f"{base}/promise-fill", f"{what}; 'next' to the next in line, 'later' to the rest",
            promise_fill(rank))
        rules[f"{base}/no-to-losers"] = Policy(
            f"{base}/no-to-losers", f"{what}, only what scores above 0; 'no' to the rest of "
            "it, 'next' to the best that did not fit, 'later' to the rest", honest)
        rules[f"{base}/answers-like-evidence"] = Policy(
            f"{base}/answers-like-evidence", f"{what}, only what scores above 0; answered like "
            "the evidence policy: 'no' past the horizon, one promise for the next round",
            like_evidence)
    return rules


def kind_weighted(scenario: Scenario, worth: Mapping[str, float], later: Shape,
                  promise_fill: Shape) -> dict[str, Policy]:
    """The kind-weighted rules for `scenario`, with `worth` each request's mean true worth per
    point in the replayed games and the two shapes that build from a ranking (see `Shape`);
    none when it has one kind of request only: the weights would only rescale the claim per
    point, which the panel already ranks by."""
    if len({r.kind for r in scenario.requests}) < 2:
        return {}
    shapes = (later, promise_fill)
    rules = _family("learned", learned_weights(scenario, worth),
                    "what each kind paid per point in earlier games", *shapes)
    rules.update(_family("maintenance", LABEL_TABLES["maintenance"],
                         "bugs, tech debt and compliance 1.5, improvements 1, experiments 0.7, "
                         "features 0.5", *shapes))
    rules.update(_family("bets", LABEL_TABLES["bets"],
                         "features 2, experiments 1.4, improvements 1, bugs, tech debt and "
                         "compliance 0.67", *shapes))
    return rules

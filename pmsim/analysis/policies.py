"""Policies that play without a human, each a caricature of a way of deciding.

They see only the player view, as a human would: claims, estimates and whatever discovery has
revealed. (The hindsight-optimal search, which knows the truth, is in `optimal.py`.)
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from ..engine import Decision, Game, play_round
from ..engine.view import PlayerView, RequestView
from ..scenario.models import Scenario
from .judgement import EVIDENCE
from .starts import Played, start, step, view_of
from .valuation import DecideFn, Policy, answer_rest, earning, fill, known_value, metric_scales


def _random(v: PlayerView, rng: random.Random) -> Decision:
    candidates = [r for r in v.open_requests if not r.locked_by and not r.forced]
    rng.shuffle(candidates)
    discover: list[tuple[str, str]] = []
    spent = 0
    if v.methods and candidates and rng.random() < 0.3:
        target = rng.choice(candidates)
        if target.discovery_left:
            method = rng.choice(target.discovery_left)
            discover.append((target.id, method))
            spent = next(m.cost for m in v.methods if m.id == method)
    ranked = [r for r in candidates if rng.random() < 0.7]
    build = fill(v, ranked, spent)
    answers = answer_rest(v, build, lambda r: rng.choice(("next", "later", "not_now", "no", None)))
    return Decision(tuple(build), tuple(discover), answers)


def _loudest(v: PlayerView, rng: random.Random) -> Decision:
    influence = {s.id: s.influence for s in v.stakeholders}
    scales = metric_scales(v)
    left = earning(v)
    ranked = sorted(
        v.open_requests,
        key=lambda r: (-influence[r.asked_by], -known_value(r, scales, left), r.id),
    )
    build = fill(v, ranked)
    answers = answer_rest(v, build, lambda r: "later")  # acknowledges everyone, explains nothing
    return Decision(tuple(build), (), answers)


def rice_score(request: RequestView, scales: dict[str, float], rounds_left: float) -> float:
    """RICE-style value per point: the known value (claims where nothing was measured) times a
    confidence of 1 with findings and 0.6 without, over the points still to do."""
    confidence = 1.0 if request.known_impact else 0.6
    return known_value(request, scales, rounds_left) * confidence / request.remaining_estimate


def wsjf_score(
    v: PlayerView, request: RequestView, scales: dict[str, float], enables: Mapping[str, int]
) -> float:
    """Weighted shortest job first: cost of delay (value, deadline urgency, risk reduction
    and half a point per open request it unblocks, `enables` counting them per request) over
    the points still to do."""
    value = known_value(request, scales, earning(v))
    urgency = 0.0
    if request.deadline is not None:
        urgency = 2.0 / max(1, request.deadline - v.round + 1)
    risk = 1.0 if request.kind in ("tech_debt", "bug", "compliance") else 0.0
    return (value + urgency + risk + 0.5 * enables.get(request.id, 0)) / request.remaining_estimate


Scorer = Callable[[PlayerView], Callable[[RequestView], float]]
"""Given a view, the score of each of its open requests (what a ranking needs once a view)."""


def _ranked_policy(scorer: Scorer, discover: bool) -> DecideFn:
    """Rank the open requests by a score, each scored once: linear in the open requests, plus
    the sort (n log n)."""
    def decide(v: PlayerView, rng: random.Random) -> Decision:
        score_of = scorer(v)
        scores = {r.id: score_of(r) for r in v.open_requests}
        ranked = sorted(v.open_requests, key=lambda r: (-scores[r.id], r.id))
        runs: list[tuple[str, str]] = []
        spent = 0
        if discover:
            runs, spent = _discover_top(v, ranked)
        testing = {rid for rid, _ in runs}  # wait for the evidence before building
        build = fill(v, [r for r in ranked if scores[r.id] > 0 and r.id not in testing], spent)
        answers = answer_rest(v, build, lambda r: "later" if scores[r.id] > 0 else "no")
        return Decision(tuple(build), tuple(runs), answers)

    return decide


def _discover_top(v: PlayerView, ranked: list[RequestView]) -> tuple[list[tuple[str, str]], int]:
    """Test the assumptions behind the top-ranked claims that nobody has checked yet, with the
    cheapest method that reveals impact, spending at most a quarter of the capacity."""
    methods = sorted(
        (m for m in v.methods if m.reveals in ("impact", "both")), key=lambda m: (m.cost, m.id)
    )
    if not methods:
        return [], 0
    budget = max(1, v.capacity // 4)
    runs: list[tuple[str, str]] = []
    spent = 0
    for request in ranked[:4]:
        if request.known_impact or request.forced:
            continue
        method = next((m for m in methods if m.id in request.discovery_left), None)
        if method is None or spent + method.cost > budget:
            continue
        runs.append((request.id, method.id))
        spent += method.cost
    return runs, spent


def _rice(v: PlayerView) -> Callable[[RequestView], float]:
    scales, left = metric_scales(v), earning(v)
    return lambda r: rice_score(r, scales, left)


def _wsjf(v: PlayerView) -> Callable[[RequestView], float]:
    scales = metric_scales(v)
    enables = Counter(dep for other in v.open_requests for dep in set(other.depends_on))
    return lambda r: wsjf_score(v, r, scales, enables)


POLICIES: dict[str, Policy] = {
    p.name: p
    for p in (
        Policy("random", "random feasible plans and random answers", _random),
        Policy(
            "loudest",
            "says yes to the most influential stakeholders first; never discovers (the HiPPO)",
            _loudest,
        ),
        Policy(
            "rice",
            "ranks by a RICE-style score of the claimed values",
            _ranked_policy(_rice, False),
        ),
        Policy(
            "rice-discover",
            "RICE, but tests the top claims with the cheapest discovery before trusting them",
            _ranked_policy(_rice, True),
        ),
        Policy(
            "wsjf",
            "ranks by weighted shortest job first: cost of delay / job size, from the claims",
            _ranked_policy(_wsjf, False),
        ),
        EVIDENCE,
    )
}


def policy_rng(name: str, seed: int) -> random.Random:
    return random.Random(f"{name}:{seed}")


def play(
    scenario: Scenario, seed: int, policy: Policy, game: Game | None = None,
    explain: bool = True,
) -> Game:
    """Play a whole game (or the rest of `game`) with a policy; with `explain=False` on the
    engine's scoring-only path (the same game, without reasons in its reports: for analysis
    that reads scores and states)."""
    game = game or start(scenario, seed)
    rng = policy_rng(policy.name, seed)
    while not game.over:
        game, _ = play_round(game, policy.decide(view_of(game), rng), explain)
    return game


def play_together(scenario: Scenario, seed: int, policies: Sequence[Policy]) -> list[Game]:
    """The game each policy plays on `seed`, on the scoring-only path: the same games as
    `play(..., explain=False)` one by one, but a round two policies play alike from the same
    state (same state, same decision) is played once, and a state's view is built once.
    Naive rules agree on most early rounds, so a panel plays far fewer rounds than it has
    rules."""
    played: Played = {}
    views: dict[int, tuple[Game, PlayerView]] = {}
    games: list[Game] = []
    for policy in policies:
        game = start(scenario, seed)
        rng = policy_rng(policy.name, seed)
        while not game.over:
            seen = views.get(id(game))
            if seen is None or seen[0] is not game:
                seen = views[id(game)] = (game, view_of(game))
            game = step(game, policy.decide(seen[1], rng), played)
        games.append(game)
    return games


def decider(name: str, scenario: Scenario, seed: int) -> Callable[[PlayerView], Decision]:
    """How a named policy decides, round by round, in the game of `seed`; `optimal` plays the
    decisions of the hindsight search (which also tries every baseline's own game)."""
    if name == "optimal":
        planned = play_named(scenario, seed, name).decisions
        return lambda v: planned[v.round - 1]
    policy = POLICIES[name]
    rng = policy_rng(name, seed)
    return lambda v: policy.decide(v, rng)


def play_named(scenario: Scenario, seed: int, name: str) -> Game:
    """A whole game played by a named policy (`optimal` included)."""
    if name == "optimal":
        from .optimal import search

        baselines = [play(scenario, seed, p, explain=False) for p in POLICIES.values()]
        return search(scenario, seed, candidates=baselines).game
    return play(scenario, seed, POLICIES[name])

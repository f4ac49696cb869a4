"""Naive rules: ways of deciding that read no evidence, for a scenario to beat.

Each rule ranks the open requests by one visible cue (size, who asks, what kind, how big the
claim is, or chance), builds down the ranking until the capacity is full, never runs discovery,
and answers everything else the same way (or promises the next in line, and keeps it). If any
of them comes close to the `evidence` policy, the scenario can be won by a template instead of
judgement. `analyze` plays them all and reports the best one; the panel is a family (every cue,
every kind, every blanket answer) rather than a list of known tricks.
"""

from __future__ import annotations

import functools
import itertools
import random
from collections.abc import Callable, Sequence

from ..engine import Decision
from ..engine.decision import Answer
from ..engine.view import PlayerView, RequestView
from ..scenario.models import Scenario
from .kind_weighted import kind_weighted
from .pitch_reader import pitch_reader
from .valuation import Policy, answer_rest, claimed_value, due, earning, fill, honest_answers
from .world_reader import REPLAYED_SEEDS, replayed_truths, world_reader

Key = Callable[[PlayerView, RequestView], tuple[float, ...]]


def _influence(v: PlayerView, r: RequestView) -> int:
    return next(s.influence for s in v.stakeholders if s.id == r.asked_by)


def _claim(v: PlayerView, r: RequestView) -> float:
    return claimed_value(r, v.steps, earning(v))


CUES: dict[str, tuple[str, Key]] = {
    "cheapest": ("the smallest estimate first", lambda v, r: (r.remaining_estimate,)),
    "priciest": ("the largest estimate first", lambda v, r: (-r.remaining_estimate,)),
    "quietest": ("the least influential asker first", lambda v, r: (_influence(v, r),)),
    "loudest": ("the most influential asker first", lambda v, r: (-_influence(v, r),)),
    "largest-claim": ("the biggest claim first", lambda v, r: (-_claim(v, r),)),
    "smallest-claim": ("the smallest claim first", lambda v, r: (_claim(v, r),)),
    "claim-per-point": ("the biggest claim per point first",
                        lambda v, r: (-_claim(v, r) / r.remaining_estimate,)),
    "least-trust": ("the asker who trusts the PM least first, then the biggest claim",
                    lambda v, r: (_trust(v, r), -_claim(v, r))),
}


def _trust(v: PlayerView, r: RequestView) -> float:
    return next(s.trust for s in v.stakeholders if s.id == r.asked_by)


def _committed(key: Key) -> Key:
    """`key`, after commitments: promises falling due, then the nearest deadline."""
    def first(v: PlayerView, r: RequestView) -> tuple[float, ...]:
        deadline = r.deadline if r.deadline is not None and r.deadline >= v.round else 10**6
        return (not due(v, r), deadline, *key(v, r))

    return first
BLANKET: tuple[Answer, ...] = ("later", "no", "not_now")


Skip = Callable[[PlayerView, RequestView], bool]


def _ranked(key: Key, skip: Skip | None = None) -> Callable[[PlayerView, random.Random],
                                                            list[RequestView]]:
    def rank(v: PlayerView, rng: random.Random) -> list[RequestView]:
        pool = [r for r in v.open_requests if skip is None or not skip(v, r)]
        return sorted(pool, key=lambda r: (*key(v, r), r.id))

    return rank


def _shuffled(v: PlayerView, rng: random.Random) -> list[RequestView]:
    pool = list(v.open_requests)
    rng.shuffle(pool)
    return pool


def _nothing(v: PlayerView, rng: random.Random) -> list[RequestView]:
    return []


def _rule(rank: Callable[[PlayerView, random.Random], list[RequestView]],
          answer: Answer, keep: bool = False) -> Callable[[PlayerView, random.Random], Decision]:
    """Build down the ranking; answer the rest `answer`, or with `keep`, leave standing
    promises for later rounds alone and promise again what was promised."""
    def reply(v: PlayerView, r: RequestView) -> Answer | None:
        if keep and r.promised_for is not None:
            return None if r.promised_for > v.round else "next"
        return answer

    def decide(v: PlayerView, rng: random.Random) -> Decision:
        build = fill(v, rank(v, rng))
        return Decision(tuple(build), (), answer_rest(v, build, lambda r: reply(v, r)))

    return decide


PROMISE_SHARE = 0.8
"""Share of a round's capacity a promise-filling rule promises for the next round."""


def _promising(rank: Callable[[PlayerView, random.Random], list[RequestView]]
               ) -> Callable[[PlayerView, random.Random], Decision]:
    """Build down the ranking, then promise the next in line for the next round, in total up
    to `PROMISE_SHARE` of this round's capacity (with promises falling due first in the
    ranking, they are built and kept), 'later' to everything else not built, a promise that
    did not fit included: a habit that earns trust by promising what it would build anyway,
    with no evidence on what is worth it."""
    def decide(v: PlayerView, rng: random.Random) -> Decision:
        ranked = rank(v, rng)
        build = fill(v, ranked)
        room = PROMISE_SHARE * v.capacity - sum(
            r.remaining_estimate for r in v.open_requests if r.promised_for == v.round + 1)
        promised: list[str] = []
        for r in ranked:
            if r.id in build or r.forced or r.promised_for is not None or r.locked_by:
                continue
            if v.round < v.rounds and r.remaining_estimate <= room:
                promised.append(r.id)
                room -= r.remaining_estimate

        def reply(r: RequestView) -> Answer | None:
            if (r.promised_for or 0) > v.round:
                return None  # a promise for a later round stands
            return "next" if r.id in promised else "later"

        return Decision(tuple(build), (), answer_rest(v, build, reply))

    return decide


def _kinds_first(kinds: Sequence[str]) -> dict[str, Policy]:
    """One or two kinds of request first ('bugs and compliance before anything'), then the
    smallest or the biggest claim per point; promises falling due first and renewed, 'later'
    to the rest: a habit that reads the card's label instead of evidence."""
    rules: dict[str, Policy] = {}
    for size in (1, 2):
        for chosen in itertools.combinations(kinds, size):
            for cue in ("cheapest", "claim-per-point"):
                words, key = CUES[cue]

                def first(v: PlayerView, r: RequestView, chosen: tuple[str, ...] = chosen,
                          key: Key = key) -> tuple[float, ...]:
                    return (not due(v, r), r.kind not in chosen, *key(v, r))

                label = "+".join(chosen)
                name = f"naive:{label}-first/{cue}/later"
                rules[name] = Policy(
                    name, f"{' and '.join(chosen)} requests first, then {words}; promises "
                    "renewed, 'later' to the rest",
                    _rule(_ranked(first), "later", keep=True))
    return rules


def _claims_first(scenario: Scenario) -> dict[str, Policy]:
    """The requests whose pitch claims one metric first ('we are a revenue team this
    quarter'), for each metric some pitch claims, then the biggest claim per point; promises
    falling due first; promises renewed and 'later' to the rest, or the next in line promised
    (`_promising`): a habit that reads which number a card talks about instead of evidence of
    what it is worth (an outside check of 30 seeds found 'satisfaction claims first' within
    18 % of `evidence` on pressure, closer than any rule the panel had)."""
    rules: dict[str, Policy] = {}
    metrics = sorted({m for r in scenario.requests for m in r.claimed_metrics()})
    per_point = CUES["claim-per-point"][1]
    for metric in metrics:
        def first(v: PlayerView, r: RequestView, metric: str = metric) -> tuple[float, ...]:
            return (metric not in r.claimed_impact, *per_point(v, r))

        ranked = _ranked(_committed(first))
        words = f"requests that claim {metric} first, then the biggest claim per point"
        name = f"naive:{metric}-claims-first/later"
        rules[name] = Policy(name, f"promises and deadlines first, then {words}; promises "
                             "renewed, 'later' to the rest", _rule(ranked, "later", keep=True))
        name = f"naive:{metric}-claims-first/promise-fill"
        rules[name] = Policy(name, f"promises and deadlines first, then {words}; 'next' to the "
                             f"next in line, in all up to {PROMISE_SHARE:.0%} of the capacity, "
                             "'later' to the rest", _promising(ranked))
    return rules


def _of_kind(kind: str) -> Skip:
    return lambda v, r: r.kind == kind


SIZE_CAPS = (0.34, 0.5, 0.75)
"""Shares of the round's capacity above which a size-capped rule never builds an ask."""


def _size_capped() -> dict[str, Policy]:
    """Never anything bigger than a share of the round's capacity ('no item over half a
    sprint'), then commitments and the biggest claim per point, promises renewed, 'later' to
    the rest: a habit that reads the estimate instead of evidence."""
    rules: dict[str, Policy] = {}
    by_claim = _committed(CUES["claim-per-point"][1])
    for cap in SIZE_CAPS:
        def too_big(v: PlayerView, r: RequestView, cap: float = cap,
                    promised_too: bool = True) -> bool:
            return r.remaining_estimate > cap * v.capacity and (promised_too or not due(v, r))

        name = f"naive:under-{cap:.2f}-capacity/claim-per-point/later"
        rules[name] = Policy(
            name, f"nothing bigger than {cap:.0%} of the round's capacity; promises and "
            "deadlines first, then the biggest claim per point; 'later' to the rest",
            _rule(_ranked(by_claim, skip=too_big), "later", keep=True))
        name = f"naive:under-{cap:.2f}-capacity/claim-per-point/promise-fill"
        rules[name] = Policy(
            name, f"nothing bigger than {cap:.0%} of the round's capacity unless promised; "
            "promises and deadlines first, then the biggest claim per point; 'next' to the next "
            f"in line, in all up to {PROMISE_SHARE:.0%} of the capacity, 'later' to the rest",
            _promising(_ranked(by_claim, skip=functools.partial(too_big, promised_too=False))))
    return rules


WEIGHTS = {"over-influence": -1, "times-influence": 1}
"""Exponents on the asker's influence in the influence-weighted rules: a claim divided by how
loud its asker is ('discount the HiPPO'), or multiplied by it ('the boss knows best')."""


def _influence_weighted() -> dict[str, Policy]:
    """Commitments first, then the claim per point weighted by the asker's influence (see
    `WEIGHTS`), promises renewed, 'later' to the rest: a RICE-like score with a correction for
    who is asking, which reads the asker's rank instead of evidence of their optimism."""
    rules: dict[str, Policy] = {}
    for label, power in WEIGHTS.items():
        def key(v: PlayerView, r: RequestView, power: int = power) -> tuple[float, ...]:
            weight = float(_influence(v, r)) ** power
            return (-max(_claim(v, r), 0.01) * weight / r.remaining_estimate,)

        name = f"naive:committed-claim-per-point-{label}/later"
        words = label.replace("-", " ")
        rules[name] = Policy(
            name, f"promises and deadlines first, then the claim per point {words} of the "
            "asker; promises renewed, 'later' to the rest",
            _rule(_ranked(_committed(key)), "later", keep=True))
    return rules


def replayed_worth(scenario: Scenario) -> dict[str, float]:
    """Each request's mean true worth per point over `REPLAYED_SEEDS`, in final-score points
    (`signals.true_points` over the real cost): what a player who replays the scenario and
    reads its debriefs learns about every request, without reading this game's evidence."""
    from .signals import true_points

    totals = dict.fromkeys((r.id for r in scenario.requests), 0.0)
    for truth in replayed_truths(scenario):
        for rid in totals:
            totals[rid] += true_points(scenario, truth, rid) / max(1, truth.cost[rid])
    return {rid: total / len(REPLAYED_SEEDS) for rid, total in totals.items()}


def _replayed(scenario: Scenario) -> dict[str, Policy]:
    """Requests in the order that paid best per point in earlier games of the same scenario,
    commitments first, promises renewed, 'later' to the rest; the same building only what
    paid on average; and that again answering honestly: 'no' to what lost, 'next' to the best
    winner that did not fit. A memorised order: it beats judgement when the same requests pay
    in every game (write `worlds` so that which request pays changes)."""
    worth = replayed_worth(scenario)

    def key(v: PlayerView, r: RequestView) -> tuple[float, ...]:
        return (-worth.get(r.id, 0.0),)

    def losing(v: PlayerView, r: RequestView) -> bool:
        return worth.get(r.id, 0.0) <= 0 and not due(v, r)

    def honest(v: PlayerView, rng: random.Random) -> Decision:
        """Winners in the remembered order; 'no' to what lost before, 'next' to the best
        winner that did not fit (one promise at a time), 'later' to the rest."""
        build = fill(v, _ranked(_committed(key), skip=losing)(v, rng))
        return Decision(tuple(build), (), honest_answers(v, build, worth,
                                                         lambda r: key(v, r)))

    words = ("what paid best per point in earlier games first; promises and deadlines first, "
             "promises renewed, 'later' to the rest")
    return {
        "naive:replayed-winners/no-to-losers": Policy(
            "naive:replayed-winners/no-to-losers", "only what paid on average in earlier "
            "games, best first; 'no' to what lost, 'next' to the best that did not fit (one "
            "promise at a time), 'later' to the rest", honest),
        "naive:replayed/later": Policy("naive:replayed/later", words,
                                       _rule(_ranked(_committed(key)), "later", keep=True)),
        "naive:replayed-winners/later": Policy(
            "naive:replayed-winners/later", "only " + words.replace(" first;", ";", 1),
            _rule(_ranked(_committed(key), skip=losing), "later", keep=True)),
    }


def panel(scenario: Scenario) -> dict[str, Policy]:
    """Every naive rule for `scenario`: each cue with each blanket answer, and after
    commitments (promises due, then deadlines) with promises renewed or with the next in line
    promised (`_promising`); each kind of request, and each pair of kinds, preferred (then the
    smallest or the biggest claim per point, promises kept); the requests that claim each
    metric preferred (`_claims_first`); each kind skipped (then biggest claim per point);
    nothing bigger than a third, a half or three quarters of the capacity (`SIZE_CAPS`); the
    claim per point divided or multiplied by the asker's influence (`WEIGHTS`); the claim per
    point (or its square root) times a weight per kind, learned from earlier games or from a
    fixed table (`kind_weighted`); the order that paid best in earlier games
    (`REPLAYED_SEEDS`); each request's worth as its pitch foretold it in those games
    (`pitch_reader`); with worlds, the world guessed from the pitches as they looked in those
    games (`world_reader`); random plans with 'later' to the rest; and building nothing with
    'later' to everything."""
    rules: dict[str, Policy] = {}
    for cue, (words, key) in CUES.items():
        for answer in BLANKET:
            name = f"naive:{cue}/{answer}"
            rules[name] = Policy(name, f"{words}; '{answer}' to the rest", _rule(_ranked(key),
                                                                                  answer))
        for answer in ("later", "not_now"):
            name = f"naive:committed-{cue}/{answer}"
            rules[name] = Policy(
                name, f"promises and deadlines first, then {words}; promises renewed, "
                f"'{answer}' to the rest", _rule(_ranked(_committed(key)), answer, keep=True))
        name = f"naive:committed-{cue}/promise-fill"
        rules[name] = Policy(
            name, f"promises and deadlines first, then {words}; 'next' to the next in line, "
            f"in all up to {PROMISE_SHARE:.0%} of the capacity, 'later' to the rest",
            _promising(_ranked(_committed(key))))
    kinds = sorted({r.kind for r in scenario.requests})
    for kind in kinds:
        def first(v: PlayerView, r: RequestView, kind: str = kind) -> tuple[float, ...]:
            return (r.kind != kind, r.remaining_estimate)

        name = f"naive:{kind}-first/later"
        rules[name] = Policy(name, f"{kind} requests first, then the smallest; 'later' to the "
                             "rest", _rule(_ranked(first), "later"))
        name = f"naive:skip-{kind}/later"
        rules[name] = Policy(name, f"never {kind} requests, the rest by claim per point; "
                             "'later' to the rest",
                             _rule(_ranked(CUES["claim-per-point"][1], skip=_of_kind(kind)),
                                   "later"))
    rules.update(_kinds_first(kinds))
    rules.update(_claims_first(scenario))
    rules.update(_size_capped())
    rules.update(_influence_weighted())
    rules.update(kind_weighted(scenario, replayed_worth(scenario),
                               lambda rank: _rule(rank, "later", keep=True), _promising))
    rules.update(_replayed(scenario))
    rules.update(pitch_reader(scenario, lambda rank: _rule(rank, "later", keep=True),
                              _promising))
    rules.update(world_reader(scenario))
    rules["naive:random/later"] = Policy(
        "naive:random/later", "random plans; 'later' to the rest", _rule(_shuffled, "later"))
    rules["naive:nothing/later"] = Policy(
        "naive:nothing/later", "builds nothing; 'later' to everything", _rule(_nothing, "later"))
    return rules

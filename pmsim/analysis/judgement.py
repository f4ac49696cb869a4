"""The `evidence` policy: a fair player who decides from evidence, never from the truth.

It is the bar a scenario must reward: it tests the claims worth testing, builds what the
evidence supports, answers every request with a reason, and keeps its promises. It sees only
the player view. A scenario teaches when this policy beats every naive rule (which read no
evidence) by a clear margin, and the hindsight optimum still beats it (room to get better).

The rule, per round:

1. Rank open requests by value per point from what is known (findings where discovery has
   measured, claims elsewhere), discounting unchecked claims (`CLAIM_CONFIDENCE`), with
   promises due first.
2. Test the big bets near the top whose claims nobody has checked (work of at least
   `BIG_BET` of a round), with the cheapest method that measures a claimed metric, if it costs
   at most `CHECK_SHARE` of the work it checks, within a quarter of the capacity; small work is
   built on its claim. Tested requests wait for their findings.
3. Build the rest of the ranking that fits the capacity (never overbooking).
4. Answer the rest: no where nothing claims any value, or where the findings undercut the
   pitch and rank the request below what the game's remaining capacity can build
   (`HORIZON`); a promise that cannot be kept is re-planned openly; one promise for the next
   round to the next request in line if it surely fits; 'later' for the rest.
"""

from __future__ import annotations

import random

from ..engine import Decision
from ..engine.decision import Answer
from ..engine.view import MethodView, PlayerView, RequestView
from .valuation import Policy, claimed_value, earning, fill, known_cost, known_value

CLAIM_CONFIDENCE = 0.7
"""How much of an unchecked claim the policy believes before any evidence on its asker."""
PRIOR_WEIGHT = 2.0
"""How many checked claims the starting belief counts for, against evidence on the asker."""
CHECK_SHARE = 0.5
"""The most a check may cost, as a share of the work it checks."""
BIG_BET = 0.5
"""Work of at least this share of a round's capacity is a big bet: test its claim first."""
SURPRISE = 1.5
"""A claim this many times the median value per point stands out: test it before building."""
UNDERCUT = 0.6
HORIZON = 0.8
"""Share of the capacity of the rounds left that the backlog may fill; below that line in
the ranking a request will not be built this game, so it gets an honest no."""
"""Findings at or below this share of the claimed value per point justify a no."""


def _calibration(v: PlayerView) -> dict[str, float]:
    """How much of each stakeholder's claims the evidence so far has borne out: the mean
    ratio of found to claimed value over their requests that discovery has measured, shrunk
    towards `CLAIM_CONFIDENCE` (as if two unchecked claims had met it exactly)."""
    left = earning(v)
    ratios: dict[str, list[float]] = {}
    for r in v.requests:
        claimed = claimed_value(r, v.steps, left)
        if r.known_impact and claimed > 0:
            ratio = known_value(r, v.steps, left) / claimed
            ratios.setdefault(r.asked_by, []).append(max(0.0, min(2.0, ratio)))
    return {
        s.id: (PRIOR_WEIGHT * CLAIM_CONFIDENCE + sum(ratios.get(s.id, ())))
        / (PRIOR_WEIGHT + len(ratios.get(s.id, ())))
        for s in v.stakeholders
    }


def _density(v: PlayerView, r: RequestView, trust: dict[str, float]) -> float:
    left = earning(v)
    belief = 1.0 if r.known_impact else trust[r.asked_by]
    return known_value(r, v.steps, left) * belief / known_cost(r)


def _undercut(v: PlayerView, r: RequestView) -> bool:
    if not r.known_impact:
        return False
    left = earning(v)
    claimed = claimed_value(r, v.steps, left) / r.remaining_estimate
    found = known_value(r, v.steps, left) / known_cost(r)
    return found <= UNDERCUT * claimed


def _check_for(v: PlayerView, r: RequestView) -> MethodView | None:
    """The cheapest method not yet run on `r` that measures one of its claimed metrics (the
    more precise of two at the same price)."""
    usable = [
        m for m in v.methods
        if m.id in r.discovery_left and m.reveals in ("impact", "both")
        and any(metric in m.sees for metric in r.claimed_impact)
    ]
    return min(usable, key=lambda m: (m.cost, m.precision, m.id), default=None)


def _plan_checks(
    v: PlayerView, ranked: list[RequestView], density: dict[str, float]
) -> tuple[list[tuple[str, str]], int]:
    """Checks on big bets (work of at least `BIG_BET` of a round) whose claims nobody has
    tested: those a plan built on claims would start this round when their claim stands out
    (`SURPRISE` times the median), and, one round ahead, those next in line after it."""
    budget = max(1, v.capacity // 4)
    runs: list[tuple[str, str]] = []
    spent = 0
    if v.round >= v.rounds - 1:
        return runs, spent  # findings would come too late to act on
    values = sorted(density.values())
    median = values[len(values) // 2] if values else 0.0
    now = set(fill(v, [r for r in ranked if density[r.id] > 0]))
    ahead = [r for r in ranked if r.id not in now and density[r.id] > 0][:3]
    for r in [*ranked, *ahead]:
        if r.known_impact or r.forced or r.status != "open" or r.promised_for is not None:
            continue
        if r.remaining_estimate < BIG_BET * v.capacity or any(r.id == x for x, _ in runs):
            continue
        if r.id in now and density[r.id] < SURPRISE * median:
            continue
        if r.id not in now and r not in ahead:
            continue
        method = _check_for(v, r)
        if method is None or method.cost > CHECK_SHARE * r.remaining_estimate:
            continue
        if spent + method.cost > budget:
            continue
        runs.append((r.id, method.id))
        spent += method.cost
    return runs, spent


def _decide(v: PlayerView, rng: random.Random) -> Decision:
    trust = _calibration(v)
    density = {r.id: _density(v, r, trust) for r in v.open_requests}
    ranked = sorted(
        v.open_requests, key=lambda r: (r.promised_for != v.round, -density[r.id], r.id)
    )
    runs, spent = _plan_checks(v, ranked, density)
    testing = {rid for rid, _ in runs}
    worth = [r for r in ranked if density[r.id] > 0 and r.id not in testing]
    build = fill(v, worth, spent)
    return Decision(tuple(build), tuple(runs), _answers(v, ranked, build, testing, density))


def _answers(
    v: PlayerView,
    ranked: list[RequestView],
    build: list[str],
    testing: set[str],
    density: dict[str, float],
) -> dict[str, Answer]:
    answers: dict[str, Answer] = {}
    promised = v.round == v.rounds
    room = HORIZON * v.capacity * (v.rounds - v.round)  # what later rounds can build
    due_next = sum(r.remaining_estimate for r in ranked if r.promised_for == v.round + 1)
    for r in ranked:
        if r.id in build or r.forced:
            continue
        if r.promised_for is not None and r.promised_for > v.round:
            continue  # a promise for a later round stands
        if r.id not in testing:
            room -= r.remaining_estimate
        beyond = room < 0 and r.id not in testing and bool(r.known_impact)
        if density[r.id] <= 0 or (beyond and _undercut(v, r)):
            answers[r.id] = "no"  # with the evidence that explains it
        elif r.promised_for == v.round:
            answers[r.id] = "later"  # a promise that cannot be kept is re-planned, not re-dated
        elif not promised and r.id not in testing and not r.locked_by \
                and r.remaining_estimate + due_next <= 0.6 * v.capacity:
            answers[r.id] = "next"
            promised = True
        else:
            answers[r.id] = "later"
    return answers


EVIDENCE = Policy(
    "evidence",
    "the fair player: tests the claims worth testing, builds what the evidence supports, "
    "answers every request with a reason, keeps its promises",
    _decide,
)

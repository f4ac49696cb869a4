"""The `evidence` policy: a fair player who decides from evidence, never from the truth.

It is the bar a scenario must reward: it tests the claims worth testing, builds what the
evidence supports, answers every request with a reason, and keeps its promises. It sees only
the player view. A scenario teaches when this policy beats every naive rule (which read no
evidence) by a clear margin, and the hindsight optimum still beats it (room to get better).

The rule, per round:

1. Value every open request from what is known: findings where discovery has measured, and
   elsewhere the claims, discounted by how far this asker's claims have held up against
   findings so far (starting from `CLAIM_CONFIDENCE`). A finding is valued at what the score
   pays for its metric (`valuation.measured_rates`: in pressure, where the board reads
   revenue first, a measured step of revenue counts 1.71 and one of customers 0.75); a claim
   is not, since weighing an unchecked pitch by its metric too bets more on the loudest
   revenue pitches (pressure −5.7 a game over seeds 1-100 and 1001-1100). Findings weighed so:
   +0.9 to +2.6 a game in pressure, influence, ferry, roadmap and techdebt on seeds 2001-2200,
   not used for tuning, the other four within ±0.8 (bench/RESULTS.md). Add half the value of
   the requests that wait on it, and weigh value per point up as a deadline nears (cost of
   delay).
2. Test the big bets whose claims nobody has checked (work of at least `BIG_BET` times the
   median open request): first the commitments (promised for, or due by, a later round: the
   plan will honour them unless evidence says otherwise, so test them before they fall due),
   then those a plan on claims would start now when their claim stands out
   (`SURPRISE` times the median value per point), and the next in line, a round ahead. The
   cheapest method that measures a claimed metric, if it costs at most `CHECK_SHARE` of the
   work; at most `MAX_CHECKS` a round, within a quarter of the capacity. Tested requests wait
   for their findings. A method that costs nothing is run on every request the plan does not
   build this round, so the findings are in before the request comes up; and where such a
   method measures every metric a pitch claims, it settles the claim for free, so the request
   waits one round for it even if the plan would build it now (unless it is forced, promised
   or due this round, or this is the last round). A free method that sees only part of the
   claim does not hold a build back: the request would be built on the unchecked part anyway,
   a round later (in `outcomes`, where adoption makes a round's delay dear, holding back on
   a partial check cost 6.8 points a game). A big build is the exception, the look at the data
   a PM takes before committing half a sprint: where the free method sees at least
   `SETTLE_SHARE` of the claimed value (in metric steps) and the work would take `SETTLE_SIZE`
   of the round's capacity or more, the request waits for it too. In `influence` the free
   pipeline data sees nearly all of what the CI speed-up and preview-environment pitches
   claim, and they were built blind in round 1 for a sliver of survey claim outside it, duds
   the data would have shown: +3.7 a game over seeds 1-100 and 1001-1100 (standard error
   0.9; evidence / best naive 1.16 -> 1.21 on seeds 1-100), every other scenario within 0.3
   (a third of a sprint instead of 40 % would hold back discovery's stock-by-text gem: -2.6).
   A request counts as tested once every metric its pitch claims has been measured; metrics
   not measured keep the asker's calibrated discount.
3. Build down the ranking within the capacity, promises that are still worth keeping first.
4. Answer the rest: no where nothing supports any value, where the findings undercut the
   pitch and the request ranks past what the game's remaining capacity can build
   (`HORIZON`), or, with `NO_OVER_PARKING` rounds or more to go, where it ranks that far
   down anyway (parking it under 'later' would cost more in trust); a promise that cannot be
   kept is re-planned openly; one promise for the next round to the next request in line if
   it surely fits; 'later' for the rest.
"""

from __future__ import annotations

import random
import statistics

from ..engine import Decision
from ..engine.decision import Answer
from ..engine.status import Status
from ..engine.view import MethodView, PlayerView, RequestView
from .valuation import (
    Policy,
    claimed_value,
    earning,
    fill,
    known_cost,
    known_value,
    measured_rates,
)

CLAIM_CONFIDENCE = 0.7
"""How much of an unchecked claim the policy believes before any evidence on its asker."""
PRIOR_WEIGHT = 2.0
"""How many checked claims the starting belief counts for, against evidence on the asker."""
CHECK_SHARE = 0.5
"""The most a check may cost, as a share of the work it checks."""
BIG_BET = 1.2
"""Work of at least this many times the median open request is a big bet: test it first."""
SURPRISE = 1.5
"""A claim this many times the median value per point stands out: test it before building."""
MAX_CHECKS = 2
"""Checks run in one round, at most."""
UNDERCUT = 0.6
"""Findings at or below this share of the claimed value per point justify a no."""
HORIZON = 0.8
"""Share of the capacity of the rounds left that the backlog may fill; past that line in the
ranking a request will not be built this game."""
NO_OVER_PARKING = 5
"""With this many rounds or more to go, an honest no costs less trust than a 'later' that
wears thin round after round, for a request past the horizon."""
KEEP_BAR = 0.5
"""A promise falling due is kept first while its believed value per point is at least this
share of the median open request's; below that, evidence says it is not worth its points."""
UNLOCK_SHARE = 0.5
"""Share of a waiting request's value credited to the work it depends on."""
SETTLE_SHARE = 0.8
"""A free check that sees at least this share of a pitch's claimed value (in metric steps)
settles it well enough to wait a round for, on work of `SETTLE_SIZE` or more."""
SETTLE_SIZE = 0.4
"""Work of at least this share of the round's capacity is worth a round's wait for a free
check that sees most of its claim."""


def _calibration(v: PlayerView) -> dict[str, float]:
    """How much of each stakeholder's claims the evidence so far has borne out: the mean
    ratio of found to claimed value (over the claimed metrics discovery has measured) of their
    requests, shrunk
    towards what the evidence says of everyone's claims, which in turn starts from
    `CLAIM_CONFIDENCE` (each prior counting as `PRIOR_WEIGHT` checked claims)."""
    ratios: dict[str, list[float]] = {}
    for r in v.requests:
        checked = [m for m in r.claimed_impact if m in r.known_impact]
        claimed = sum(r.claimed_impact[m] / v.steps[m] for m in checked)
        if checked and claimed > 0:
            found = sum(sum(r.known_impact[m]) / 2 / v.steps[m] for m in checked)
            ratios.setdefault(r.asked_by, []).append(max(0.0, min(2.0, found / claimed)))
    every = [x for found in ratios.values() for x in found]
    overall = (PRIOR_WEIGHT * CLAIM_CONFIDENCE + sum(every)) / (PRIOR_WEIGHT + len(every))
    return {
        s.id: (PRIOR_WEIGHT * overall + sum(ratios.get(s.id, ())))
        / (PRIOR_WEIGHT + len(ratios.get(s.id, ())))
        for s in v.stakeholders
    }


def _untested(r: RequestView) -> bool:
    """Whether some metric the pitch claims has not been measured yet."""
    return any(metric not in r.known_impact for metric in r.claimed_impact)


def _densities(v: PlayerView) -> dict[str, float]:
    """Believed value per point of every open request, with what it unlocks and how soon its
    deadline falls."""
    belief = _calibration(v)
    share = earning(v)
    rates = measured_rates(v)
    value = {r.id: known_value(r, v.steps, share, belief[r.asked_by], rates)
             for r in v.open_requests}
    worth = with_delay(v, value)
    return {r.id: worth[r.id] / known_cost(r) for r in v.open_requests}


def with_delay(v: PlayerView, value: dict[str, float]) -> dict[str, float]:
    """Each open request's `value` (any unit, by request id) plus `UNLOCK_SHARE` of the
    positive value that waits on it, weighed up as its deadline nears (times 1 + 1 / rounds
    left to it: cost of delay)."""
    waiting: dict[str, float] = {}  # the value that waits on each request
    for o in v.open_requests:
        for rid in o.locked_by:
            waiting[rid] = waiting.get(rid, 0.0) + max(0.0, value[o.id])
    worth = {}
    for r in v.open_requests:
        w = value[r.id] + UNLOCK_SHARE * waiting.get(r.id, 0.0)
        if r.deadline is not None and v.round <= r.deadline:
            w *= 1 + 1 / (r.deadline - v.round + 1)
        worth[r.id] = w
    return worth


def _undercut(v: PlayerView, r: RequestView, rates: dict[str, float]) -> bool:
    if not r.known_impact:
        return False
    share = earning(v)
    claimed = claimed_value(r, v.steps, share) / r.remaining_estimate
    found = known_value(r, v.steps, share, rates=rates) / known_cost(r)
    return found <= UNDERCUT * claimed


def _check_for(v: PlayerView, r: RequestView) -> MethodView | None:
    """The cheapest method not yet run on `r` that measures one of its claimed metrics (the
    more precise of two at the same price)."""
    usable = [
        m for m in v.methods
        if m.id in r.discovery_left and m.reveals in ("impact", "both")
        and any(metric in m.sees and metric not in r.known_impact for metric in r.claimed_impact)
    ]
    return min(usable, key=lambda m: (m.cost, m.precision, m.id), default=None)


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def _committed_later(v: PlayerView, r: RequestView) -> bool:
    """Whether `r` is promised for, or due by, a later round: a commitment the plan will
    honour unless evidence says otherwise, so the time to test it is before it falls due."""
    return any(when is not None and when > v.round for when in (r.promised_for, r.deadline))


def _plan_checks(
    v: PlayerView, ranked: list[RequestView], density: dict[str, float]
) -> list[tuple[str, str]]:
    """Checks on untested big bets: those the plan would start now whose claim stands out,
    and the next in line, a round ahead."""
    if v.round >= v.rounds:
        return []  # findings would come too late to act on
    big = BIG_BET * _median([float(r.remaining_estimate) for r in v.open_requests])
    usual = _median(list(density.values()))
    now = set(fill(v, [r for r in ranked if density[r.id] > 0]))
    ahead = [r for r in ranked if r.id not in now and density[r.id] > 0][:3]
    committed = [r for r in ranked if _committed_later(v, r)]
    runs: list[tuple[str, str]] = []
    budget = max(1, v.capacity // 4)
    for r in [*committed, *ranked, *ahead]:
        if len(runs) >= MAX_CHECKS:
            break
        if not _untested(r) or r.forced or r.status != Status.OPEN or r.promised_for == v.round:
            continue
        if r.deadline is not None and r.deadline <= v.round:
            continue  # no time to wait for findings
        if r.remaining_estimate < big or any(r.id == x for x, _ in runs):
            continue
        if r not in committed and ((r.id in now and density[r.id] < SURPRISE * usual) or (
                r.id not in now and r not in ahead)):
            continue
        method = _check_for(v, r)
        if method is not None and method.cost <= min(budget, CHECK_SHARE * r.remaining_estimate):
            runs.append((r.id, method.id))
            budget -= method.cost
    return runs


def _free_checks(v: PlayerView, now: set[str], taken: set[str]) -> list[tuple[str, str]]:
    """Checks that cost nothing, on every untested request the plan is not building now: their
    findings are in before the requests come up."""
    runs = []
    for r in v.open_requests:
        if not _untested(r) or r.forced or r.id in now or r.id in taken:
            continue
        method = _check_for(v, r)
        if method is not None and method.cost == 0:
            runs.append((r.id, method.id))
    return runs


def _settling_checks(v: PlayerView, taken: set[str]) -> list[tuple[str, str]]:
    """Free checks that measure every metric a pitch claims, on every untested request that
    can wait a round for them: the claim is settled before any point goes into it."""
    if v.round >= v.rounds:
        return []  # findings would come too late to act on
    runs = []
    for r in v.open_requests:
        if (r.id in taken or not _untested(r) or r.forced or r.status != Status.OPEN
                or r.promised_for == v.round or (r.deadline is not None and r.deadline <= v.round)):
            continue
        method = _check_for(v, r)
        if method is not None and method.cost == 0 and _settles(v, r, method):
            runs.append((r.id, method.id))
    return runs


def _settles(v: PlayerView, r: RequestView, method: MethodView) -> bool:
    """Whether `method` settles the claim on `r` well enough to wait a round for it: it
    measures every metric the pitch claims, or, on work that would take `SETTLE_SIZE` of the
    round's capacity or more, at least `SETTLE_SHARE` of the claimed value (the rest is too
    small to carry the decision, and a wrong build that size costs half a sprint)."""
    if all(metric in method.sees for metric in r.claimed_impact):
        return True
    if r.remaining_estimate < SETTLE_SIZE * v.capacity:
        return False
    sizes = {metric: abs(amount) / v.steps[metric] for metric, amount in r.claimed_impact.items()}
    seen = sum(size for metric, size in sizes.items() if metric in method.sees)
    return seen >= SETTLE_SHARE * sum(sizes.values())


def _decide(v: PlayerView, rng: random.Random) -> Decision:
    density = _densities(v)
    usual = _median(list(density.values()))
    ranked = sorted(
        v.open_requests,
        key=lambda r: (not (r.promised_for == v.round and density[r.id] >= KEEP_BAR * usual),
                       -density[r.id], r.id),
    )
    runs = _plan_checks(v, ranked, density)
    runs += _settling_checks(v, {rid for rid, _ in runs})
    spent = sum(next(m.cost for m in v.methods if m.id == mid) for _, mid in runs)
    testing = {rid for rid, _ in runs}
    worth = [r for r in ranked if density[r.id] > 0 and r.id not in testing]
    build = fill(v, worth, spent)
    runs += _free_checks(v, set(build), testing)
    testing = {rid for rid, _ in runs}
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
    long_game = v.rounds - v.round >= NO_OVER_PARKING
    usual = _median(list(density.values()))
    rates = measured_rates(v)
    for r in ranked:
        if r.id in build or r.forced:
            continue
        if r.promised_for is not None and r.promised_for > v.round:
            continue  # a promise for a later round stands
        if r.id not in testing:
            room -= r.remaining_estimate
        beyond = room < 0 and r.id not in testing
        if density[r.id] <= 0 or (beyond and (_undercut(v, r, rates) or long_game)):
            answers[r.id] = "no"  # with the evidence where there is some; honest either way
        elif r.promised_for == v.round:
            answers[r.id] = "later"  # a promise that cannot be kept is re-planned, not re-dated
        elif not promised and r.id not in testing and not r.locked_by \
                and density[r.id] >= usual and r.remaining_estimate + due_next <= 0.5 * v.capacity:
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

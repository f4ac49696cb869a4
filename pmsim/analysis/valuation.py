"""How a policy values a request from what the player may see: claims, findings, estimates.

Shared by every policy; none of it reads the truth.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ..engine.decision import Answer, Decision
from ..engine.view import PlayerView, RequestView

DecideFn = Callable[[PlayerView, random.Random], Decision]


@dataclass(frozen=True)
class Policy:
    """A way of deciding: a name for reports, a line saying what it does, and the rule."""

    name: str
    description: str
    decide: DecideFn


def metric_scales(v: PlayerView) -> dict[str, float]:
    """One step of each metric, as the score counts it (the scenario's `scoring.steps`)."""
    return v.steps


def earning(v: PlayerView) -> float:
    """Share of the game's rounds in which revenue shipped now will still be earned: the
    business pillar counts revenue over the whole game, so a step of it is the step per round
    times the number of rounds."""
    return (v.rounds - v.round + 1) / v.rounds


def claimed_value(request: RequestView, scales: dict[str, float], earning: float) -> float:
    """Value in metric steps of what the pitch claims, ignoring any evidence. Revenue counts
    for the share of the game it will be earned in (`earning`, 0-1)."""
    return sum(
        (earning if metric == "revenue" else 1) * amount / scales[metric]
        for metric, amount in request.claimed_impact.items()
    )


def known_value(
    request: RequestView, scales: dict[str, float], earning: float, belief: float = 1.0,
    rates: Mapping[str, float] | None = None,
) -> float:
    """Value in metric steps from what the player knows now: for every metric discovery has
    measured, the findings' estimate (even when it says a claimed metric is worth nothing),
    times its rate in `rates` if given (what a step of it is worth against the others, about
    1; `measured_rates`); for the rest, the claim times `belief` (how much of this asker's
    claims to believe, 0-2). Revenue counts for the share of the game it will be earned in."""
    value = 0.0
    for metric in dict.fromkeys((*request.claimed_impact, *request.known_impact)):
        rate = 1.0
        if metric in request.known_impact:
            low, high = request.known_impact[metric]
            amount = (low + high) / 2
            rate = rates.get(metric, 1.0) if rates else 1.0
        else:
            amount = belief * request.claimed_impact[metric]
        value += rate * (earning if metric == "revenue" else 1) * amount / scales[metric]
    return value


def measured_rates(v: PlayerView) -> dict[str, float]:
    """What a step of each metric is worth against the others, by the score
    (`PlayerView.step_points`): its points over the mean of satisfaction's, customers' and
    revenue's, so a step is worth 1 on average, the unit claims are valued in. A metric the
    score does not count directly (morale, through capacity) stays at 1. Pressure's board
    reads revenue first: a step of revenue there is worth 1.71, of customers 0.75."""
    points = v.step_points
    usual = sum(points[m] for m in ("satisfaction", "customers", "revenue")) / 3
    if usual <= 0:
        return {}
    return {m: p / usual if p > 0 else 1.0 for m, p in points.items()}


def known_cost(request: RequestView) -> float:
    """Points still to do, by the best estimate the player has (discovery's, if any)."""
    if request.known_cost is None:
        return float(request.remaining_estimate)
    low, high = request.known_cost
    return max(1.0, (low + high) / 2 - request.progress)


def fill(v: PlayerView, ranked: Iterable[RequestView], extra: int = 0) -> list[str]:
    """Greedy plan: forced work first, then the ranked requests that fit the capacity left."""
    left = v.capacity - extra
    chosen: list[str] = []
    for request in v.open_requests:
        if request.forced:
            left -= request.remaining_estimate
    for request in ranked:
        if request.forced or request.locked_by or request.id in chosen:
            continue
        if request.remaining_estimate <= left:
            chosen.append(request.id)
            left -= request.remaining_estimate
    return chosen


def answer_rest(
    v: PlayerView, build: list[str], answer: Callable[[RequestView], Answer | None]
) -> dict[str, Answer]:
    answers: dict[str, Answer] = {}
    for request in v.open_requests:
        if request.id in build or request.forced:
            continue
        choice = answer(request)
        if choice is not None:
            answers[request.id] = choice
    return answers


def due(v: PlayerView, r: RequestView) -> bool:
    """Whether a promise on `r` falls due this round (or fell due before)."""
    return r.promised_for is not None and r.promised_for <= v.round


def honest_answers(v: PlayerView, build: list[str], worth: Mapping[str, float],
                   key: Callable[[RequestView], tuple[float, ...]]) -> dict[str, Answer]:
    """Answers that say what a rule believes: 'no' to what it thinks is worth nothing or less,
    'next' to its best winner (by `key`) that did not fit (one promise at a time: none while
    one stands), 'later' to the rest; a standing promise is left alone until it falls due,
    then renewed."""
    waiting = [r for r in v.open_requests if r.id not in build and not r.forced
               and worth.get(r.id, 0.0) > 0]
    pending = any(r.promised_for is not None and r.promised_for > v.round
                  for r in v.open_requests)
    runner_up = None if pending or not waiting else min(waiting, key=key).id

    def reply(r: RequestView) -> Answer | None:
        if r.promised_for is not None:
            return None if r.promised_for > v.round else "next"
        if r.id == runner_up:
            return "next"
        return "no" if worth.get(r.id, 0.0) <= 0 else "later"

    return answer_rest(v, build, reply)

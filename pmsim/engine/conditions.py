"""Evaluating the scenario's structured conditions against a game. Data, never code.

Besides what happened (shipped, discovered, fired, a metric), conditions can name what went
wrong or was missed, read from the game's own record: the round reports (promises broken or
kept, plans beyond capacity, escalations) and the decisions (what the player chose to build).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..scenario import models as m
from .evidence import estimate_value
from .scoring import score
from .status import Status

if TYPE_CHECKING:
    from .game import Game


def holds(condition: object, game: Game) -> bool:
    match condition:
        case m.ShippedCondition(shipped=rid):
            return game.status.get(rid) == Status.SHIPPED
        case m.DiscoveredCondition(discovered=rid):
            return bool(game.discovered.get(rid))
        case m.DeclinedCondition(declined=rid):
            return game.status.get(rid) == Status.DECLINED
        case m.FiredCondition(fired=eid):
            return eid in game.fired
        case m.MetricCondition(metric=name, below=below, above=above):
            return _within(game.metrics[name], below, above)
        case m.TrustCondition(trust=sid, below=below, above=above):
            return _within(game.trust.get(sid, 0.0), below, above)
        case m.RoundCondition(from_round=first):
            return game.round >= first
        case m.AllCondition(all=items):
            return all(holds(c, game) for c in items)
        case m.AnyCondition(any=items):
            return any(holds(c, game) for c in items)
        case m.NotCondition(not_=inner):
            return not holds(inner, game)
        case m.WorldCondition(world=world):
            return game.truth.world == world
    return _holds_on_record(condition, game)


def _holds_on_record(condition: object, game: Game) -> bool:
    """The conditions read from the game's record: how things were done, and what went wrong."""
    match condition:
        case m.ShippedOnTimeCondition(shipped_on_time=rid):
            return shipped_on_time(game, rid)
        case m.ShippedByChoiceCondition(shipped_by_choice=rid):
            return game.status.get(rid) == Status.SHIPPED and chosen(game, rid)
        case m.BrokePromiseCondition(broke_promise=rid):
            return rid in reacted(game, "promise_broken")
        case m.CountCondition(count=what, below=below, above=above):
            return _within(float(tally(game, what)), below, above)
        case m.PillarCondition(pillar=name, below=below, above=above):
            return _within(score(game).pillars[name], below, above)
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover - models forbid it


def _within(value: float, below: float | None, above: float | None) -> bool:
    return (below is None or value < below) and (above is None or value > above)


def reacted(game: Game, kind: str) -> list[str]:
    """The requests of every stakeholder reaction of `kind` (a format `Reaction` name) over the
    rounds played, in order, repeats kept."""
    return [
        reaction.request
        for report in game.reports
        for reaction in report.reactions
        if reaction.kind == kind and reaction.request is not None
    ]


def chosen(game: Game, rid: str) -> bool:
    """Whether the player put `rid` in a plan themselves (forced work needs no choice)."""
    return any(rid in decision.build for decision in game.decisions)


def shipped_on_time(game: Game, rid: str) -> bool:
    """Shipped by its deadline (any round when it has none), and no promise about it broken."""
    shipped = game.shipped_in.get(rid)
    if shipped is None:
        return False
    deadline = game.lookup.requests[rid].deadline
    return (deadline is None or shipped <= deadline) and rid not in reacted(
        game, "promise_broken")


def flagged(game: Game, rid: str) -> bool:
    """Whether the discovery run on `rid` flagged it: its findings (with the pitch's claims
    for what they did not measure) put its value, in score steps, at a net loss or nothing.
    A finding that only shrinks a claim does not flag a request that still pays."""
    if not game.discovered.get(rid):
        return False
    _, evidenced = estimate_value(
        game.truth.claims[rid], game.known_impact.get(rid, {}), game.lookup.steps
    )
    return evidenced <= 0


def flagged_built(game: Game) -> list[str]:
    """Requests the player chose to build (shipped or started) after evidence flagged them."""
    return [
        rid for rid, state in game.status.items()
        if state in (Status.SHIPPED, Status.ACTIVE) and chosen(game, rid) and flagged(game, rid)
    ]


def tally(game: Game, what: str) -> int:
    """The count a `count` condition compares (see `models.CountCondition`)."""
    match what:
        case "promises_broken":
            return len(reacted(game, "promise_broken"))
        case "promises_kept":
            return len(reacted(game, "promise_kept"))
        case "overbooked_rounds":
            return sum(1 for report in game.reports if report.planned > report.capacity)
        case "discovery_runs":
            return sum(len(methods) for methods in game.discovered.values())
        case "flagged_built":
            return len(flagged_built(game))
        case "escalations":
            return sum(1 for report in game.reports for item in report.news
                       if item.kind == "escalation")
    raise ValueError(f"nothing to count called {what!r}")  # pragma: no cover - models forbid it

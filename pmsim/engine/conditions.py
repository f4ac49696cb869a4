"""Evaluating the scenario's structured conditions against a game. Data, never code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..scenario import models as m
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
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover - models forbid it


def _within(value: float, below: float | None, above: float | None) -> bool:
    return (below is None or value < below) and (above is None or value > above)

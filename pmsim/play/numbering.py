"""Each request's number: what a typed command (`b 3`) names, the same in every shell and for
the whole game.

A number is given when a request arrives, in the order requests arrived (then the scenario's
order), and is never given to another: a shipped, declined or withdrawn request keeps its
number, so the numbers after it never move up. It is worked out from the game, not from the
player view, because a withdrawn request leaves the view but not the numbering; it depends
only on what arrived when, so a continued game or a replay numbers alike.
"""

from __future__ import annotations

from ..engine import Game


def request_numbers(game: Game) -> dict[str, int]:
    """Every request that has arrived so far, by id, with its number (from 1)."""
    arrived = game.arrived_in
    order = sorted((rid for rid in (r.id for r in game.scenario.requests) if rid in arrived),
                   key=lambda rid: arrived[rid])  # a stable sort: the scenario's order within
    return {rid: number for number, rid in enumerate(order, start=1)}

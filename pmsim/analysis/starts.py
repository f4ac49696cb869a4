"""The starting state of a seed's game, drawn once for every policy that plays it.

Analysis plays dozens of policies and plans from the same start (`analyze` about a hundred
games a seed, the robustness check three policies on each seed of each variant); drawing the
truth is most of `new_game`. A `Game` is a value the engine never changes once handed out,
so every player can start from the same one, and the view memo it carries (pitches,
evidence, request views) is then shared by all of them too.

The starts are kept for the most recent `KEPT` (scenario, seed) pairs, by the scenario
object's identity: a `Scenario` is treated as a value (analysis makes a new one for each
variant, it never changes one in place).
"""

from __future__ import annotations

from collections import OrderedDict

from ..engine import Decision, Game, PlayerView, new_game, play_round, view
from ..scenario.models import Scenario

KEPT = 64
"""Starts kept: more than the seeds a robustness variant plays (20), few enough to be small."""

_starts: OrderedDict[tuple[int, int], tuple[Scenario, Game, list[PlayerView]]] = OrderedDict()
"""(id of the scenario, seed) -> (the scenario, its start, [the start's view once built]);
the scenario is kept so that its id stays its own."""


def start(scenario: Scenario, seed: int) -> Game:
    """`new_game(scenario, seed)`, drawn once for a recently used scenario object and seed
    (the same result as drawing it again: the draw is a function of the scenario and the
    seed)."""
    key = (id(scenario), seed)
    known = _starts.get(key)
    if known is not None and known[0] is scenario:
        _starts.move_to_end(key)
        return known[1]
    game = new_game(scenario, seed)
    _starts[key] = (scenario, game, [])
    _starts.move_to_end(key)
    while len(_starts) > KEPT:
        _starts.popitem(last=False)
    return game


def view_of(game: Game) -> PlayerView:
    """`view(game)`; the view of a kept start is built once for every policy that plays
    from it (a view is a value: no policy changes it)."""
    known = _starts.get((id(game.scenario), game.seed))
    if known is None or known[1] is not game:
        return view(game)
    if not known[2]:
        known[2].append(view(game))
    return known[2][0]


Played = dict[tuple[object, ...], tuple[Game, Game]]
"""(id of a state, a decision) -> (that state, the state after the decision): rounds already
played from a shared state. Plans and rules near each other decide alike for the first
rounds; the state is kept so that its id stays its own."""


def step(game: Game, decision: Decision, played: Played) -> Game:
    """The state after `decision` in `game`, on the scoring-only path, looked up in `played`
    when that round was played before (the engine is deterministic: the result is the same)."""
    key = (id(game), decision.build, decision.discover, tuple(decision.answers.items()))
    known = played.get(key)
    if known is None or known[0] is not game:
        known = played[key] = (game, play_round(game, decision, explain=False)[0])
    return known[1]

"""The starting state of a seed's game, drawn once for every policy that plays it.

Analysis plays dozens of policies and plans from the same start (`analyze` about a hundred
games a seed); drawing the truth is most of `new_game`. A `Game` is a value the engine never
changes once handed out, so every player can start from the same one, and the view memo it
carries (pitches, evidence, request views) is then shared by all of them too.
"""

from __future__ import annotations

from ..engine import Game, PlayerView, new_game, view
from ..scenario.models import Scenario

_last: list[tuple[Scenario, int, Game]] = []
"""The start drawn most recently: analysis plays one seed at a time."""
_first_view: list[tuple[Game, PlayerView]] = []
"""The view of that start, once a policy asked for it."""


def start(scenario: Scenario, seed: int) -> Game:
    """`new_game(scenario, seed)`, drawn once while the same scenario object and seed are
    asked for in a row (the same result as drawing it again: the draw is a function of the
    scenario and the seed)."""
    if _last and _last[0][0] is scenario and _last[0][1] == seed:
        return _last[0][2]
    game = new_game(scenario, seed)
    _last[:] = [(scenario, seed, game)]
    return game


def view_of(game: Game) -> PlayerView:
    """`view(game)`; the view of the shared start is built once for every policy that plays
    from it (a view is a value: no policy changes it)."""
    if not _last or game is not _last[0][2]:
        return view(game)
    if not _first_view or _first_view[0][0] is not game:
        _first_view[:] = [(game, view(game))]
    return _first_view[0][1]

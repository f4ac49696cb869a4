"""The text board's widths: cells and wrapped paragraphs measured in terminal columns, of the
text as it is printed (an ASCII or cp1252 stream prints '→' as '->'), and numbered only as
the session numbers requests."""

from __future__ import annotations

import pytest

from pmsim.catalog import load
from pmsim.engine import Game, new_game, view
from pmsim.play.numbering import request_numbers
from pmsim.play.planner import Planner
from pmsim.terminal import render


def tutorial() -> Game:
    return new_game(load("tutorial").scenario, 3)


# --- 1: the session's numbers only --------------------------------------------------------


def test_the_board_cannot_be_drawn_without_the_sessions_numbers() -> None:
    """Numbering the view (the old default) disagreed with the session once a request was
    withdrawn; a board is only ever given the session's numbers."""
    game = tutorial()
    planner = Planner.for_view(view(game))
    with pytest.raises(TypeError):
        render.board(planner)  # type: ignore[call-arg]
    assert not hasattr(render, "numbers")
    numbers = request_numbers(game)
    rows = [line.split()[0] for line in render.board(planner, numbers).splitlines()
            if line.lstrip()[:2].strip().isdigit()]
    assert rows == [str(numbers[r.id]) for r in sorted(
        planner.view.open_requests, key=lambda r: numbers[r.id])]

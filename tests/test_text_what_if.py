"""`--text` offers the window's "what if" after the debrief: replay from a chosen round in the
same world (the play layer's `rewind_to`), then a debrief that sets the first game beside the
what-if (the play layer's side by side and `whatif_lines`)."""

from __future__ import annotations

from pathlib import Path

from conftest import scripted

from pmsim.analysis.sidebyside import side_by_side
from pmsim.catalog import load
from pmsim.engine import Game, new_game, score
from pmsim.terminal.play import Session

ROUND = ["e", "y"]
"""End a round with nothing committed, and confirm."""


def play(tmp_path: Path, lines: list[str]) -> tuple[Session, str]:
    read, shown = scripted(lines)
    shell = Session(new_game(load("tutorial").scenario, 3), "tutorial", read=read,
                    write=shown.append, save_dir=tmp_path)
    assert shell.run() == 0
    return shell, "\n".join(shown)


def first_game(tmp_path: Path) -> Game:
    """The tutorial (seed 3, three sprints) played with nothing built: what the what-if
    replays."""
    shell, _ = play(tmp_path / "first", ["", *ROUND, "", *ROUND, "", *ROUND])
    assert shell.game.over
    return shell.game


def test_what_if_replays_from_a_round_and_compares(tmp_path) -> None:
    first = first_game(tmp_path)
    shell, out = play(tmp_path / "again", ["", *ROUND, "", *ROUND, "", *ROUND,
                                           "9",  # no sprint 9: asked again
                                           "2", "b 1", *ROUND, "", *ROUND])
    game = shell.game
    assert game.over and game.seed == first.seed
    assert game.decisions[0] == first.decisions[0] and game.decisions[1] != first.decisions[1]
    assert "type a sprint number from 1 to 3" in out
    assert f"What if: from sprint 2, in the same world. Your first game scored " \
           f"{score(first).total:.1f}." in out
    assert "RESULTS OF SPRINT 2 (WHAT IF, FROM SPRINT 2)" in out
    assert "DEBRIEF: WHAT IF, FROM SPRINT 2" in out
    side = side_by_side(first, game, 2)
    assert side.differences and side.differences[0].round == 2
    assert (f"Your first game scored {side.before:.1f}; the what-if, from sprint 2, scored "
            f"{side.after:.1f}.") in out
    for name, (before, after) in side.pillars.items():
        assert f"{name.capitalize()}: {before:.0f} in your first game, {after:.0f} in the " \
               "what-if" in out
    assert f"The decisions that differ ({len(side.differences)}):" in out
    assert f"difference was worth {side.worth:+.1f} points" in out
    assert out.count("What if? Replay from a sprint (1-3)") == 3  # after each debrief
    assert "Saved." not in out


def test_enter_or_end_of_input_at_the_question_finishes(tmp_path) -> None:
    for end in ([""], []):
        shell, out = play(tmp_path / str(len(end)),
                          ["", *ROUND, "", *ROUND, "", *ROUND, *end])
        assert shell.game.over and shell.session.what_if is None
        assert out.count("What if? Replay from a sprint") == 1
        assert "Saved." not in out and "WHAT IF" not in out

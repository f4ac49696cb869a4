"""A command typed at "Press Enter ..." runs once the board is shown, instead of being lost."""

from __future__ import annotations

from conftest import scripted

from pmsim.catalog import load
from pmsim.engine import new_game
from pmsim.terminal.play import Session


def _shell(tmp_path, lines: list[str]) -> tuple[Session, list[str]]:
    read, shown = scripted(lines)
    game = new_game(load("tutorial").scenario, 5)
    return Session(game, "tutorial", read=read, write=shown.append, save_dir=tmp_path), shown


def test_a_command_typed_at_the_start_pause_runs(tmp_path) -> None:
    shell, shown = _shell(tmp_path, ["b 2", "q"])
    shell.run()
    assert len(shell.session.planner.draft.build) == 1, "'b 2' was thrown away"
    assert "> b 2" in shown


def test_a_command_typed_at_the_next_round_pause_runs(tmp_path) -> None:
    shell, _ = _shell(tmp_path, ["", "e", "y", "b 3", "q"])
    shell.run()
    assert shell.game.round == 2
    assert len(shell.session.planner.draft.build) == 1, "'b 3' was thrown away"


def test_enter_at_a_pause_runs_nothing(tmp_path) -> None:
    shell, shown = _shell(tmp_path, ["", "q"])
    shell.run()
    assert shell.session.planner.draft.build == ()
    assert not any(line.startswith("> ") and line.strip() != ">" for line in shown)

"""`b` with a word that is no board number does nothing, as every other command's bad word."""

from __future__ import annotations

from conftest import scripted

from pmsim.catalog import load
from pmsim.engine import new_game
from pmsim.terminal.play import Session


def _played(tmp_path, lines: list[str]) -> tuple[Session, str]:
    read, shown = scripted(lines)
    game = new_game(load("tutorial").scenario, 3)
    shell = Session(game, "tutorial", read=read, write=shown.append, save_dir=tmp_path)
    shell.run()
    return shell, " ".join(" ".join(shown).split())


def test_build_with_a_bad_word_commits_nothing(tmp_path) -> None:
    shell, said = _played(tmp_path, ["", "b 2 extra", "q"])
    assert "'extra' is not a request number on the board (nothing was done)" in said
    assert shell.session.planner.draft.build == (), "request 2 was committed all the same"


def test_build_with_good_words_still_commits_them_all(tmp_path) -> None:
    shell, _ = _played(tmp_path, ["", "b 2 1", "q"])
    assert len(shell.session.planner.draft.build) == 2

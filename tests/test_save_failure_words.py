"""What `--text` says when the player quits: the command that carries the game on in a terminal
(`--continue --text`: a bare `--continue` needs a window), and, when the last save failed,
what that command would really find: nothing, or an older save it would go back to."""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

import pytest

from pmsim import saves
from pmsim.catalog import load
from pmsim.engine import new_game
from pmsim.play.session import GameSession
from pmsim.terminal.play import Session


def scripted(lines: list[str], on_answer: Callable[[str, str], None] | None = None
             ) -> tuple[Callable[[str], str], list[str]]:
    """A player typing `lines`, one per prompt; `on_answer(prompt, line)` is told each one."""
    feed = iter(lines)
    shown: list[str] = []

    def read(prompt: str) -> str:
        shown.append(prompt)
        try:
            line = next(feed)
        except StopIteration:
            raise EOFError from None
        if on_answer is not None:
            on_answer(prompt, line)
        return line

    return read, shown


def tutorial_session(save_dir: Path, read: Callable[[str], str], shown: list[str]) -> Session:
    game = new_game(load("tutorial").scenario, 3)
    return Session(game, "tutorial", read=read, write=shown.append, save_dir=save_dir)


def test_quitting_names_the_text_command_to_continue_with(tmp_path) -> None:
    read, shown = scripted(["", "h", "q"])
    assert tutorial_session(tmp_path, read, shown).run() == 0
    assert shown[-1] == "\nSaved. Continue with: pmsim play --continue --text"
    assert "continue later with `pmsim play --continue --text`" in "\n".join(shown)


def test_a_failed_save_with_an_older_one_says_continue_goes_back_to_it(tmp_path,
                                                                      monkeypatch) -> None:
    """The disk fills up as round 1 ends: the save made when the game began is still there,
    and `--continue` would carry that on, from round 1. The goodbye says so, not that there
    is nothing to continue."""
    real_write = saves.atomic_write_text
    disk = {"full": False}

    def write(path: Path, text: str) -> None:
        if disk["full"]:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(path, text)

    def fill_disk_when_the_round_ends(prompt: str, line: str) -> None:
        if prompt.startswith("End the round?") and line == "y":
            disk["full"] = True

    monkeypatch.setattr(saves, "atomic_write_text", write)
    read, shown = scripted(["", "b 2", "e", "y", "", "q"], fill_disk_when_the_round_ends)
    s = tutorial_session(tmp_path, read, shown)
    assert s.run() == 0
    assert s.session.view.round == 2
    last = shown[-1]
    assert "NOT saved (could not save: No space left on device" in last
    assert "cannot carry it on" not in last
    assert "`pmsim play --continue --text` would carry that on instead" in last
    assert ("instead: Your first three sprints at Pinecrest, sprint 1 of 3 (this game is at "
            "sprint 2)") in last
    monkeypatch.setattr(saves, "atomic_write_text", real_write)
    resumed = GameSession.resume(tmp_path)  # what the player is told is what they get
    assert resumed is not None and resumed.view.round == 1
    assert not list(tmp_path.glob("autosave.damaged-*")), "nothing was moved aside"


def test_a_failed_save_with_no_older_one_says_there_is_nothing_to_continue(tmp_path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    read, shown = scripted(["", "q"])
    assert tutorial_session(blocker / "pmsim", read, shown).run() == 0
    last = shown[-1]
    assert "NOT saved (could not save:" in last
    assert "so `pmsim play --continue --text` cannot carry it on." in last
    assert "older save" not in last


@pytest.mark.parametrize("damage", ["{broken", '{"kind": "pmsim-save", "version": 1}'])
def test_a_damaged_older_save_counts_as_none_and_is_left_where_it_is(tmp_path, monkeypatch,
                                                                     damage: str) -> None:
    """Saying what Continue would find moves nothing aside (Continue itself does, and says
    so): the damaged save is still in its place after the goodbye."""
    read, shown = scripted(["", "q"])
    s = tutorial_session(tmp_path, read, shown)

    def fail(path: Path, text: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(saves, "atomic_write_text", fail)
    saves.autosave_path(tmp_path).write_text(damage, encoding="utf-8")
    assert s.run() == 0
    assert "cannot carry it on" in shown[-1]
    assert saves.autosave_path(tmp_path).read_text(encoding="utf-8") == damage

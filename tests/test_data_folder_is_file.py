"""A file where pmsim's data folder should be ($XDG_DATA_HOME/pmsim): saving says which file is
in the way and what to do, not the system's 'File exists', and the file is left alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pmsim import saves
from pmsim.catalog import load
from pmsim.engine import new_game, record
from pmsim.terminal.play import Session

ADVICE = "is a file, not a folder: move it away so pmsim can keep your game there"


@pytest.fixture
def blocked(tmp_path, monkeypatch) -> Path:
    """$XDG_DATA_HOME/pmsim is a regular file (say, something a script once wrote there)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    blocker = tmp_path / "pmsim"
    blocker.write_text("not pmsim's\n", encoding="utf-8")
    assert saves.data_dir() == blocker, "the data folder is the file's path"
    return blocker


def a_save() -> saves.SaveGame:
    return saves.SaveGame("tutorial", record(new_game(load("tutorial").scenario, 3)))


def test_saving_names_the_file_in_the_way_and_what_to_do(blocked) -> None:
    with pytest.raises(OSError) as caught:
        saves.write(a_save())
    assert caught.value.strerror == f"{blocked} {ADVICE}"
    assert "File exists" not in str(caught.value)
    assert blocked.read_text(encoding="utf-8") == "not pmsim's\n", "the file is left alone"


def test_a_file_where_the_save_folder_should_be_is_named_too(tmp_path) -> None:
    """The same for a save folder given to the session (watch and capture mode use their own),
    and saving works again once the file is moved away."""
    folder = tmp_path / "saves"
    folder.write_text("", encoding="utf-8")
    with pytest.raises(OSError) as caught:
        saves.write(a_save(), folder)
    assert caught.value.strerror == f"{folder} {ADVICE}"
    folder.rename(tmp_path / "moved")
    assert saves.write(a_save(), folder) == folder / saves.AUTOSAVE


def test_the_terminal_game_says_it_each_round_and_on_quitting(blocked) -> None:
    feed = iter(["", "q"])
    shown: list[str] = []

    def read(prompt: str) -> str:
        shown.append(prompt)
        return next(feed)

    game = new_game(load("tutorial").scenario, 3)
    assert Session(game, "tutorial", read=read, write=shown.append).run() == 0
    text = "\n".join(shown)
    assert f"(could not save: {blocked} {ADVICE})" in text, "said when the round starts"
    assert f"NOT saved (could not save: {blocked} {ADVICE}, in {blocked})" in shown[-1]
    assert "File exists" not in text and "Saved." not in text
    assert blocked.read_text(encoding="utf-8") == "not pmsim's\n"


def test_pmsim_play_text_says_it_with_no_traceback(blocked, tmp_path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path), "COLUMNS": "100"}
    done = subprocess.run([sys.executable, "-m", "pmsim", "play", "tutorial", "--text",
                           "--seed", "3"], input="\nq\n", capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert f"could not save: {blocked} {ADVICE}" in done.stdout
    assert "Traceback" not in done.stderr and "File exists" not in done.stdout


def test_a_file_above_the_save_folder_is_named(tmp_path) -> None:
    """$XDG_DATA_HOME itself a file: the system said 'Not a directory'."""
    blocker = tmp_path / "data"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(OSError) as caught:
        saves.write(a_save(), blocker / "pmsim")
    assert caught.value.strerror == f"{blocker} {ADVICE}"


def test_the_learners_record_names_the_file_in_the_way_too(blocked) -> None:
    """The rule is fileio's, where every pmsim folder is made: the record of finished games
    (results.json) says the same, not 'File exists'."""
    from pmsim.analysis import POLICIES, play
    from pmsim.play import history

    game = play(load("tutorial").scenario, 3, POLICIES["rice"])
    with pytest.raises(OSError) as caught:
        history.add(game)
    assert caught.value.strerror == f"{blocked} {ADVICE}"

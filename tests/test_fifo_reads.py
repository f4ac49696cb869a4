"""Files pmsim reads that turn out to be named pipes are refused, never read: reading one
would block for ever (the schema beside `pmsim new`, the results history, the autosave, a
team's result file, a replay)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pmsim.cli import main

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


def finishes(fn: Callable[[], Any], seconds: float = 20) -> Any:
    """fn()'s answer (or its exception raised here); fails when it has not ended in time."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed to the test
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "blocked reading a named pipe"
    if "error" in box:
        raise box["error"]
    return box["value"]


@pytest.fixture(autouse=True)
def user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))


@pytest.mark.parametrize("force", [False, True])
def test_new_refuses_a_named_pipe_as_the_schema_before_writing(tmp_path: Path, capsys,
                                                                force: bool) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    os.mkfifo(folder / "pmsim.schema.json")
    code = finishes(lambda: main(["new", str(folder / "s.yaml"), *(["--force"] * force)]))
    assert code == 2
    err = capsys.readouterr().err
    assert str(folder / "pmsim.schema.json") in err and "not a regular file" in err
    assert not (folder / "s.yaml").exists()


def test_a_named_pipe_as_the_results_history_is_not_read_nor_moved(tmp_path: Path) -> None:
    from pmsim.catalog import load
    from pmsim.play import history
    from pmsim.play.session import GameSession

    os.mkfifo(tmp_path / history.FILE)
    scenario = load("tutorial").scenario
    assert scenario is not None
    session = GameSession.start(scenario, "tutorial", 3, tmp_path)
    session.result_dir = tmp_path

    def play_out() -> None:
        while not session.game.over:
            session.end_round()

    finishes(play_out)
    assert session.history_note is not None and "not a regular file" in session.history_note
    assert (tmp_path / history.FILE).is_fifo()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("results")] == [history.FILE]


def test_a_named_pipe_as_the_autosave_is_refused_not_read(tmp_path: Path, capsys) -> None:
    from pmsim import saves

    path = saves.autosave_path()
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    with pytest.raises(saves.SaveError, match="not a regular file"):
        finishes(saves.read)
    assert path.is_fifo()
    code = finishes(lambda: main(["play", "--continue", "--text"]))
    assert code == 1  # as for a damaged save
    assert "not a regular file" in capsys.readouterr().err


def test_workshop_import_refuses_a_named_pipe(tmp_path: Path, capsys) -> None:
    from pmsim.catalog import resolve
    from pmsim.workshop.service import Workshop
    from pmsim.workshop.store import Store, default_path

    store = Store(default_path())
    Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), 7, code="FIFO01")
    store.close()
    pipe = tmp_path / "team.json"
    os.mkfifo(pipe)
    assert finishes(lambda: main(["workshop", "import", "FIFO01", str(pipe)])) == 1
    assert "not a regular file" in capsys.readouterr().out


def test_replay_refuses_a_named_pipe(tmp_path: Path, capsys) -> None:
    pipe = tmp_path / "game.json"
    os.mkfifo(pipe)
    assert finishes(lambda: main(["replay", str(pipe)])) == 2
    err = capsys.readouterr().err
    assert str(pipe) in err and "not a regular file" in err

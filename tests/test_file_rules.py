"""One set of rules for the files pmsim reads and writes (pmsim.fileio): one check and one
message for what is not a regular file, whether read or written; one `set_aside` that never
deletes the player's file; a file named for output lands in a folder that exists; and the
record, the autosave and the workshop export follow them. Each test failed before its fix."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from pmsim import fileio, saves
from pmsim.analysis import POLICIES, play
from pmsim.catalog import load, resolve
from pmsim.cli import main
from pmsim.engine import record
from pmsim.play import history
from pmsim.play.session import GameSession, SaveUnusable
from pmsim.scenario import loader
from pmsim.workshop.service import Workshop
from pmsim.workshop.store import Store, default_path

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
CODE = "RULES1"


def _refusals(path: Path) -> tuple[str, str]:
    """The reason reading `path` was refused, and the reason writing it was."""
    with pytest.raises(fileio.NotRegularFile) as read:
        fileio.read_regular(path)
    with pytest.raises(fileio.NotRegularFile) as written:
        fileio.atomic_write_text(path, "x")
    return str(read.value.strerror), str(written.value.strerror)


# --- 1. one rule, one message -------------------------------------------------------------------


def test_a_folder_is_refused_in_the_same_words_read_or_written(tmp_path) -> None:
    read, written = _refusals(tmp_path)
    assert read == written == ("it is a folder, not a regular file; pmsim reads and writes "
                               "regular files only")


@needs_fifo
def test_a_named_pipe_is_refused_in_the_same_words_read_or_written(tmp_path) -> None:
    pipe = tmp_path / "p.json"
    os.mkfifo(pipe)
    read, written = _refusals(pipe)
    assert read == written and read.startswith("it is a named pipe (FIFO), not a regular file")
    result = loader.load_file(pipe)  # the loader reads through the same check
    assert result.scenario is None
    assert result.diagnostics[0].message == f"cannot read: {read}"
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_a_device_is_named_as_one() -> None:
    with pytest.raises(fileio.NotRegularFile) as read:
        fileio.read_regular("/dev/null")
    assert read.value.strerror.startswith("it is a device, not a regular file")
    assert str(read.value) == f"/dev/null: {read.value.strerror}"  # it names the path


# --- 2. one set_aside, which never deletes ------------------------------------------------------


def test_set_aside_never_deletes_however_many_copies_there_are(tmp_path) -> None:
    path = tmp_path / "autosave.json"
    path.write_text("mine", encoding="utf-8")
    for n in range(1, 1001):
        (tmp_path / f"autosave.damaged-{n}.json").write_text(str(n), encoding="utf-8")
    aside = fileio.set_aside(path)
    assert aside == tmp_path / "autosave.damaged-1001.json"
    assert aside.read_text(encoding="utf-8") == "mine" and not path.exists()
    assert (tmp_path / "autosave.damaged-1.json").read_text(encoding="utf-8") == "1"


def test_a_damaged_save_is_kept_with_a_thousand_copies_beside_it(tmp_path) -> None:
    path = saves.autosave_path(tmp_path)
    path.write_text("{damaged", encoding="utf-8")
    for n in range(1, 1000):
        (tmp_path / f"autosave.damaged-{n}.json").write_text("", encoding="utf-8")
    with pytest.raises(saves.SaveError, match=r"autosave\.damaged-1000\.json"):
        saves.read(tmp_path)
    assert (tmp_path / "autosave.damaged-1000.json").read_text(encoding="utf-8") == "{damaged"


def test_companions_go_aside_under_a_free_name_too(tmp_path) -> None:
    path = tmp_path / "workshops.sqlite3"
    path.write_bytes(b"db")
    (tmp_path / "workshops.sqlite3-wal").write_bytes(b"wal")
    (tmp_path / "workshops.damaged-1.sqlite3-wal").write_bytes(b"a stray journal")
    aside = fileio.set_aside(path, companions=("-wal", "-shm"))
    assert aside == tmp_path / "workshops.damaged-2.sqlite3"  # -1's journal name is taken
    assert aside.read_bytes() == b"db"
    assert (tmp_path / "workshops.damaged-2.sqlite3-wal").read_bytes() == b"wal"
    assert (tmp_path / "workshops.damaged-1.sqlite3-wal").read_bytes() == b"a stray journal"


def test_the_save_the_record_and_the_database_share_one_set_aside() -> None:
    import pmsim.workshop.store as store_module

    assert saves.set_aside is history.set_aside is store_module.set_aside is fileio.set_aside


# --- 3. a results history of another version is kept, not rewritten -----------------------------


def test_a_newer_results_history_is_kept_before_a_game_is_added(tmp_path) -> None:
    newer = json.dumps({"kind": history.KIND, "version": 99, "games": [], "more": "kept"})
    (tmp_path / history.FILE).write_text(newer, encoding="utf-8")
    scenario = load("tutorial").scenario
    assert scenario is not None
    game = play(scenario, 3, POLICIES["rice"])
    loaded = history.add(game, tmp_path)
    kept = tmp_path / "results.version-99-1.json"
    assert kept.read_text(encoding="utf-8") == newer
    assert loaded.note is not None and "version 99" in loaded.note and kept.name in loaded.note
    assert json.loads((tmp_path / history.FILE).read_text(encoding="utf-8"))["version"] == 1


# --- 4. a save that cannot be continued says how to discard it ----------------------------------


def _save(tmp_path: Path, scenario_path: str, build: list[str] | None = None) -> None:
    scenario = load("tutorial").scenario
    assert scenario is not None
    saves.write(saves.SaveGame(scenario_path, record(play(scenario, 1, POLICIES["rice"]))),
                tmp_path)
    if build is not None:
        path = saves.autosave_path(tmp_path)
        data = json.loads(path.read_text(encoding="utf-8"))
        data["replay"]["decisions"][0]["build"] = build
        path.write_text(json.dumps(data), encoding="utf-8")


def test_a_save_whose_scenario_is_gone_says_how_to_discard_it(tmp_path) -> None:
    _save(tmp_path, str(tmp_path / "gone.yaml"))
    with pytest.raises(SaveUnusable) as refused:
        GameSession.resume(tmp_path)
    message = str(refused.value)
    assert "scenario is gone" in message
    assert f"to discard the saved game, move {saves.autosave_path(tmp_path)} away" in message


def test_a_save_naming_unknown_requests_says_how_to_discard_it(tmp_path) -> None:
    _save(tmp_path, str(resolve("tutorial")), build=["no-such-request"])
    with pytest.raises(SaveUnusable) as refused:
        GameSession.resume(tmp_path)
    message = str(refused.value)
    assert "cannot be continued" in message and "start a new game" in message
    assert f"move {saves.autosave_path(tmp_path)} away" in message


# --- 5-7. workshop export and autoplay --replay-out ---------------------------------------------


@pytest.fixture
def workshop(tmp_path, monkeypatch) -> str:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    store = Store(default_path())
    ws = Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), 7, code=CODE)
    ws.join(CODE, "Équipe Bleue")
    store.close()
    return CODE


def test_an_export_is_one_atomic_write_per_file(tmp_path, workshop, monkeypatch) -> None:
    written: list[str] = []
    real = fileio.atomic_write_text

    def spy(path, text, **options) -> None:
        written.append(str(path))
        real(path, text, **options)

    monkeypatch.setattr(fileio, "atomic_write_text", spy)
    assert main(["workshop", "export", workshop, "--csv", "r.csv", "--json", "r.json"]) == 0
    assert written == ["r.csv", "r.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "r.csv", "r.json"]


MISSING = ("the folder {folder} does not exist; create it first, or name a file in a folder "
           "that exists")


def test_an_export_into_a_missing_folder_is_refused_like_new(tmp_path, workshop,
                                                             capsys) -> None:
    missing = tmp_path / "no" / "such"
    assert main(["workshop", "export", workshop, "--csv", "ok.csv",
                 "--json", str(missing / "r.json")]) == 2
    err = capsys.readouterr().err
    assert f"cannot write {missing / 'r.json'}: " + MISSING.format(folder=missing) in err
    assert not (tmp_path / "no").exists() and not (tmp_path / "ok.csv").exists()
    assert main(["new", str(missing / "s.yaml")]) == 2  # the same words as `pmsim new`
    assert MISSING.format(folder=missing) in capsys.readouterr().err


def test_a_replay_into_a_missing_folder_is_refused_like_new(tmp_path, capsys) -> None:
    out = tmp_path / "no" / "r.json"
    assert main(["autoplay", "tutorial", "--policy", "rice", "--seed", "1",
                 "--replay-out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"cannot write {out}: " + MISSING.format(folder=out.parent) in err
    assert "Traceback" not in err and not out.parent.exists()


def test_an_export_to_dash_is_standard_output(tmp_path, workshop, capsys) -> None:
    assert main(["workshop", "export", workshop, "--csv", "-"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("team,score,") and "Équipe Bleue" in captured.out
    assert "exported 1 team" in captured.err and "exported" not in captured.out
    assert main(["workshop", "export", workshop, "--json", "-", "--csv", "r.csv"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)["teams"][0]["team"] == "Équipe Bleue"
    assert not (tmp_path / "-").exists() and (tmp_path / "r.csv").exists()
    assert main(["workshop", "export", workshop, "--json", "-", "--csv", "-"]) == 2
    assert "both name standard output (-)" in capsys.readouterr().err


def test_export_help_says_dash_is_standard_output(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["workshop", "export", "--help"])
    assert "'-' is standard" in " ".join(capsys.readouterr().out.split())

"""Every file pmsim writes goes through one writer (pmsim.fileio): it must write into what the
player named, never replace it. A named pipe or a device is refused (exit 2, naming the path,
the pipe still a pipe); a symbolic link keeps its place and its target gets the new text."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pmsim.cli import main
from pmsim.fileio import atomic_write_text

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _is_fifo(path: Path) -> bool:
    return stat.S_ISFIFO(os.lstat(path).st_mode)


def test_a_named_pipe_is_refused_and_left_a_pipe(tmp_path) -> None:
    pipe = _fifo(tmp_path / "out.json")
    with pytest.raises(OSError, match="not a regular file") as refused:
        atomic_write_text(pipe, "{}")
    assert refused.value.filename == str(pipe)
    assert _is_fifo(pipe)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]  # no temporary left


def test_a_link_to_a_pipe_is_refused_and_both_are_kept(tmp_path) -> None:
    pipe = _fifo(tmp_path / "pipe")
    link = tmp_path / "out.json"
    link.symlink_to(pipe)
    with pytest.raises(OSError, match="not a regular file"):
        atomic_write_text(link, "{}")
    assert link.is_symlink() and _is_fifo(pipe)


def test_a_folder_is_refused(tmp_path) -> None:
    with pytest.raises(OSError, match="it is a folder"):
        atomic_write_text(tmp_path, "{}")


def test_a_link_to_a_file_stays_a_link_and_its_target_gets_the_text(tmp_path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "real.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "out.json"
    link.symlink_to(target)
    atomic_write_text(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "out.json"]
    assert [p.name for p in elsewhere.iterdir()] == ["real.json"]


def test_a_relative_link_is_followed_from_its_own_folder(tmp_path) -> None:
    (tmp_path / "a").mkdir()
    target = tmp_path / "a" / "real.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "a" / "link.json"
    link.symlink_to("real.json")
    atomic_write_text(link, "new")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new"


def test_autoplay_replay_out_to_a_pipe_is_bad_usage(tmp_path, capsys) -> None:
    pipe = _fifo(tmp_path / "replay.json")
    code = main(["autoplay", "tutorial", "--policy", "evidence", "--seed", "1",
                 "--replay-out", str(pipe)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"cannot write {pipe}: it is a named pipe (FIFO), not a regular file" in err
    assert "Traceback" not in err
    assert _is_fifo(pipe)


def test_autoplay_replay_out_through_a_link_writes_the_target(tmp_path, capsys) -> None:
    target = tmp_path / "real.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "replay.json"
    link.symlink_to(target)
    assert main(["autoplay", "tutorial", "--policy", "evidence", "--seed", "1",
                 "--replay-out", str(link), "--force"]) == 0  # an existing file: --force
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("{")


@pytest.fixture
def workshop(tmp_path, monkeypatch) -> str:
    from pmsim.catalog import resolve
    from pmsim.workshop.service import Workshop
    from pmsim.workshop.store import Store, default_path

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    store = Store(default_path())
    ws = Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), 7,
                         code="PIPES1")
    ws.join("PIPES1", "Red")
    store.close()
    return "PIPES1"


def test_workshop_export_to_a_pipe_writes_nothing(tmp_path, capsys, workshop) -> None:
    pipe = _fifo(tmp_path / "r.json")
    ok = tmp_path / "r.csv"
    assert main(["workshop", "export", workshop, "--csv", str(ok), "--json", str(pipe)]) == 2
    err = capsys.readouterr().err
    assert f"cannot write {pipe}: it is a named pipe (FIFO), not a regular file" in err
    assert _is_fifo(pipe) and not ok.exists()


def test_workshop_export_through_a_link_keeps_the_link(tmp_path, capsys, workshop) -> None:
    target = tmp_path / "kept" / "r.csv"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "r.csv"
    link.symlink_to(target)
    assert main(["workshop", "export", workshop, "--csv", str(link), "--force"]) == 0
    assert link.is_symlink() and "team,score" in target.read_text(encoding="utf-8-sig")
    assert [p.name for p in target.parent.iterdir()] == ["r.csv"]

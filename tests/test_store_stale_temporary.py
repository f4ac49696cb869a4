"""A pmsim killed while making the workshop database leaves its hidden temporary file (and its
journals) beside it: the next start removes them. One that a live pmsim is making right now
is never taken, nor is any other file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pmsim.workshop.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the sweep is POSIX-only")

# Makes the database at argv[1] but stops just before putting it in place: killed there (the
# temporary file is left), or, with "wait", it says so and waits for a line, then goes on.
MAKER = """
import os, signal, sys
from pathlib import Path
import pmsim.workshop.store as store

real = store._place

def place(made, path):
    if sys.argv[2] == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    print("making", made, flush=True)
    sys.stdin.readline()
    real(made, path)

store._place = place
s = store.Store(Path(sys.argv[1]))
print("notes", s.notes, flush=True)
s.close()
"""


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".workshops.sqlite3."))


def _maker(db: Path, how: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", MAKER, str(db), how], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_killed_makers_temporary_file_is_removed_at_the_next_start(tmp_path: Path) -> None:
    db = tmp_path / "workshops.sqlite3"
    maker = _maker(db, "kill")
    maker.communicate(timeout=60)
    assert maker.returncode == -9
    left = _temporaries(tmp_path)
    assert len(left) == 1 and left[0].endswith(".new") and not db.exists()
    store = Store(db)
    try:
        assert store.notes == []
        assert _temporaries(tmp_path) == [], "the killed pmsim's file went"
    finally:
        store.close()


def test_left_journals_go_with_it_and_nothing_else_is_touched(tmp_path: Path) -> None:
    db = tmp_path / "workshops.sqlite3"
    Store(db).close()
    stale = ".workshops.sqlite3.k1ll_ed9.new"
    gone = [stale, f"{stale}-wal", f"{stale}-shm", ".workshops.sqlite3.0rphan00.new-wal"]
    kept = [".workshops.sqlite3.k1ll_ed9.new.bak", ".workshops.sqlite3.short.new",
            ".workshops.sqlite3.toolong12.new", "workshops.sqlite3.k1ll_ed9.new",
            ".other.sqlite3.k1ll_ed9.new", ".workshops.sqlite3.k1ll_ed9.tmp",
            ".workshops.sqlite3.abcdefgh.new-journal"]
    for name in gone + kept:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / ".workshops.sqlite3.afolder1.new").mkdir()
    (tmp_path / ".workshops.sqlite3.alink123.new").symlink_to(tmp_path / "workshops.sqlite3")
    Store(db).close()
    for name in gone:
        assert not (tmp_path / name).exists(), name
    for name in [*kept, ".workshops.sqlite3.afolder1.new", ".workshops.sqlite3.alink123.new"]:
        assert os.path.lexists(tmp_path / name), name
    assert db.exists(), "a link's target is not touched either"


def test_a_database_being_made_by_a_live_pmsim_is_left_to_it(tmp_path: Path) -> None:
    """Another command starts while the first is still making the database: the first's file
    is not taken for a leftover, and the first finishes and puts it in place."""
    db = tmp_path / "workshops.sqlite3"
    maker = _maker(db, "wait")
    try:
        assert maker.stdout is not None
        said = maker.stdout.readline().split()
        assert said[:1] == ["making"], maker.stderr
        made = Path(said[1])
        Store(db).close()  # sweeps (and, finding no database yet, makes one)
        assert made.exists(), "the live pmsim's file is kept"
    finally:
        out, err = maker.communicate("\n", timeout=60)
    assert maker.returncode == 0, err
    assert "notes []" in out
    assert _temporaries(tmp_path) == []

"""A new workshop database is made whole beside its path and only then put in place, never over
a file that appeared meanwhile: pmsim never leaves an empty or half-made database, so an empty
file at the path is a lost one, reported at once (and kept aside, not started over in place)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from pmsim.workshop.store import Store

# Each process waits for the go file, then opens (creates) the store and adds a workshop row
# of its own, so both must end up in one database.
OPENER = """
import sys, time
from pathlib import Path
from pmsim.workshop.store import Store, WorkshopRow

db, go, name = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
while not go.exists():
    time.sleep(0.001)
store = Store(db)
store.add_workshop(WorkshopRow(name, name.upper(), "s", "h", "text", 1, "now", False, None,
                               {}, 1))
print(repr(store.notes), flush=True)
store.close()
"""


def test_a_new_database_is_whole_when_it_appears(tmp_path: Path) -> None:
    db = tmp_path / "data" / "workshops.sqlite3"
    store = Store(db)
    try:
        assert store.notes == []
        tables = {r[0] for r in store.query("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"workshops", "teams", "submissions", "log"} <= tables
        assert store.query("PRAGMA journal_mode")[0][0] == "wal"
    finally:
        store.close()
    assert sorted(p.name for p in db.parent.iterdir() if not p.name.endswith(("-wal", "-shm"))) \
        == ["workshops.sqlite3"], "no temporary file is left beside it"


def test_an_empty_database_is_reported_at_once_and_kept(tmp_path: Path) -> None:
    db = tmp_path / "workshops.sqlite3"
    db.write_bytes(b"")  # the disk lost it, this very moment
    started = time.monotonic()
    store = Store(db)
    took = time.monotonic() - started
    try:
        assert took < 2.0, f"an empty database took {took:.1f} s to be reported"
        assert len(store.notes) == 1
        assert "was damaged (the file is empty (0 bytes))" in store.notes[0]
        aside = tmp_path / "workshops.damaged-1.sqlite3"
        assert f"moved to {aside}" in store.notes[0]
        assert aside.exists() and aside.stat().st_size == 0, "kept, not deleted"
        assert db.stat().st_size > 0 and store.workshops() == []  # a new one, said so
    finally:
        store.close()


def test_an_empty_database_is_refused_at_once_when_not_to_be_set_aside(tmp_path: Path) -> None:
    from pmsim.workshop.store import StoreError

    db = tmp_path / "workshops.sqlite3"
    db.write_bytes(b"")
    started = time.monotonic()
    try:
        Store(db, set_aside_damaged=False)
    except StoreError as exc:
        assert "is damaged (the file is empty (0 bytes))" in str(exc)
    else:
        raise AssertionError("an empty database was opened")
    assert time.monotonic() - started < 2.0
    assert db.exists() and db.stat().st_size == 0, "left as it was"


def test_two_processes_creating_the_store_at_once_share_one_good_database(
        tmp_path: Path) -> None:
    for attempt in range(3):  # a few rounds, to meet the race more than once
        db = tmp_path / f"round{attempt}" / "workshops.sqlite3"
        go = tmp_path / f"go{attempt}"
        openers = [subprocess.Popen([sys.executable, "-c", OPENER, str(db), str(go), name],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                   for name in ("first", "second")]
        time.sleep(0.5)  # both started and waiting
        go.touch()
        outputs = [p.communicate(timeout=60) for p in openers]
        for process, (out, err) in zip(openers, outputs, strict=True):
            assert process.returncode == 0, err
            assert out.strip() == "[]", "nothing set aside, nothing said"
        assert not list(db.parent.glob("*damaged*"))
        assert not list(db.parent.glob(".workshops.sqlite3.*")), "no temporary file left"
        with sqlite3.connect(db) as check:
            assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            ids = sorted(r[0] for r in check.execute("SELECT id FROM workshops"))
        check.close()
        assert ids == ["first", "second"], "both wrote to the one database"


def test_a_database_made_meanwhile_is_not_replaced(tmp_path: Path, monkeypatch) -> None:
    """Another pmsim puts its new database in place while this one makes its own: theirs
    stays (with what they wrote), this one's is dropped."""
    import pmsim.workshop.store as store_module

    db = tmp_path / "workshops.sqlite3"
    real_place = store_module._place

    def place(made: Path, path: Path) -> None:
        theirs = tmp_path / "theirs.sqlite3"
        with sqlite3.connect(made) as copy, sqlite3.connect(theirs) as other:
            copy.backup(other)  # a database made as pmsim makes one, with a line of theirs
            other.execute("INSERT INTO log VALUES (NULL, 'now', 'the other host''s database')")
        copy.close()
        other.close()
        theirs.rename(path)  # theirs arrives first
        real_place(made, path)

    monkeypatch.setattr(store_module, "_place", place)
    store = Store(db)
    try:
        assert store.notes == []
        assert store.query("SELECT message FROM log") == [("the other host's database",)]
    finally:
        store.close()
    assert not list(tmp_path.glob(".workshops.sqlite3.*"))

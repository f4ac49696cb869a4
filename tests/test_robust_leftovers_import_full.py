"""`pmsim workshop import` on a workshop database that cannot be written (a full disk, a
read-only file): a clear message (what failed, that nothing of the file was imported, what to
do), exit 2, no traceback nor SQLite's words alone, and nothing half-imported: a team and all
its rounds go in one transaction."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from pmsim.analysis import POLICIES, play
from pmsim.catalog import load, resolve
from pmsim.cli import main
from pmsim.workshop.service import Workshop
from pmsim.workshop.store import Store, default_path
from pmsim.workshop.team import write_result

CODE = "IMPFULL7"
SEED = 7


@pytest.fixture
def room(tmp_path, monkeypatch) -> str:
    """A tutorial workshop in the user's database; its id."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    store = Store(default_path())
    ws = Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), SEED,
                         code=CODE)
    store.close()
    return ws.row.id


def _result(folder: Path, team: str, policy: str = "rice") -> Path:
    return write_result(play(load("tutorial").scenario, SEED, POLICIES[policy]), team, folder)


def _stored(workshop_id: str) -> tuple[list[str], int]:
    store = Store(default_path())
    try:
        teams = store.teams(workshop_id)
        return teams, sum(len(store.decisions(workshop_id, t)) for t in teams)
    finally:
        store.close()


def test_a_disk_full_mid_import_leaves_nothing_and_says_so(room, tmp_path, monkeypatch,
                                                           capsys) -> None:
    """The team and its first round are written, the second round meets the full disk."""
    blue = _result(tmp_path, "Blue")
    real = Store.add_decision
    calls: list[int] = []

    def full_at_second(self: Store, *args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise sqlite3.OperationalError("database or disk is full")
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "add_decision", full_at_second)
    assert main(["workshop", "import", CODE, str(blue)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"pmsim workshop: cannot write the workshop database {default_path()}: the disk is "
        f"full. Nothing from {blue} was imported. Free some space on the disk, then run the "
        "same import again (a file already imported is taken once)\n")
    monkeypatch.setattr(Store, "add_decision", real)
    assert _stored(room) == ([], 0), "no team, no round: nothing half-imported"
    assert main(["workshop", "import", CODE, str(blue)]) == 0, "the same import, with room"
    assert _stored(room) == (["Blue"], 3)


def test_a_read_only_database_stops_the_import_and_keeps_what_went_before(
        room, tmp_path, monkeypatch, capsys) -> None:
    blue, red, green = (_result(tmp_path / t, t) for t in ("Blue", "Red", "Green"))
    assert main(["workshop", "import", CODE, str(blue)]) == 0
    capsys.readouterr()
    real = Store._open

    def read_only(self: Store) -> sqlite3.Connection:
        real(self).close()
        return sqlite3.connect(f"{self.path.absolute().as_uri()}?mode=ro", uri=True,
                               isolation_level=None, check_same_thread=False)

    monkeypatch.setattr(Store, "_open", read_only)
    assert main(["workshop", "import", CODE, str(blue), str(red), str(green)]) == 2
    captured = capsys.readouterr()
    assert captured.out.startswith(f"{blue}: team 'Blue', 3 rounds"), "already there: taken"
    assert captured.err == (
        f"pmsim workshop: cannot write the workshop database {default_path()}: it is "
        f"read-only. Nothing from {red} was imported (nor from the 1 file after it); the "
        "file before it was imported. Check that you may write to that file and its folder "
        "(or set XDG_DATA_HOME to a folder you may write to), then run the same import again "
        "(a file already imported is taken once)\n")
    assert "Traceback" not in captured.err and "attempt to write" not in captured.err
    monkeypatch.setattr(Store, "_open", real)
    assert _stored(room) == (["Blue"], 3)


def test_a_write_after_sqlite_rolled_back_by_itself_does_not_go_in_alone(room) -> None:
    """A full disk can make SQLite roll back the whole transaction by itself, in a part whose
    failure the caller lets go (the service's log lines): no later write of the transaction
    may then go in on its own, half of what was meant."""
    store = Store(default_path())
    try:
        full = pytest.raises(sqlite3.OperationalError, match="database or disk is full")
        with full, store.transaction():
            store.add_team(room, "Blue", "2026-01-01 10:00:00", "blue")
            with contextlib.suppress(sqlite3.OperationalError), store.transaction() as db:
                db.execute("ROLLBACK")  # as SQLite may do by itself on SQLITE_FULL
                raise sqlite3.OperationalError("database or disk is full")
            store.add_decision(room, "Blue", 1, {"build": []}, "2026-01-01 10:01:00")
        assert store.teams(room) == [] and store.decisions(room, "Blue") == []
        with store.transaction():  # the next write starts afresh
            store.add_team(room, "Red", "2026-01-01 10:02:00", "red")
            with contextlib.suppress(sqlite3.IntegrityError):  # a part undone alone
                store.add_decision(room, "Nobody", 1, {}, "2026-01-01 10:03:00")
                store.add_decision(room, "Nobody", 1, {}, "2026-01-01 10:03:00")
        assert store.teams(room) == ["Red"] and len(store.decisions(room, "Nobody")) == 1
    finally:
        store.close()

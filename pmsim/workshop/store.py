"""Where workshops live: one SQLite database in the user's data folder.

Only decisions are stored, never scores: a team's game is re-simulated from its decisions
whenever a score is needed, so a score cannot be forged and nothing is lost on a restart. A
round is acknowledged to a team only after its transaction has committed, so a host killed at
any moment loses no round it acknowledged.

A database that cannot be read is never worked around silently: a damaged one is set aside
(renamed, never deleted) and said so; one that cannot be opened or written is a clear error
naming the file.

A new database is made whole in a temporary file beside it (tables, WAL mode) and only then
put in place, never over a file that appeared meanwhile (another pmsim made it first: that one
is used). So pmsim never leaves an empty or half-made database at its path, and an empty file
there is a lost one, reported at once.
A pmsim killed while making it leaves its temporary file: the next start removes it (never
one that a live pmsim is still making, see `_remove_stale`).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..fileio import new_file_mode, place_new, set_aside

SCHEMA = """
CREATE TABLE IF NOT EXISTS workshops (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    scenario_id TEXT NOT NULL,
    scenario_hash TEXT NOT NULL,
    scenario_text TEXT NOT NULL,
    seed INTEGER NOT NULL,
    created TEXT NOT NULL,
    paced INTEGER NOT NULL,
    round_minutes REAL,
    timer TEXT NOT NULL,
    open_round INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS teams (
    workshop_id TEXT NOT NULL REFERENCES workshops(id),
    name TEXT NOT NULL,
    joined TEXT NOT NULL,
    PRIMARY KEY (workshop_id, name)
);
CREATE TABLE IF NOT EXISTS submissions (
    workshop_id TEXT NOT NULL REFERENCES workshops(id),
    team TEXT NOT NULL,
    round INTEGER NOT NULL,
    decision TEXT NOT NULL,
    received TEXT NOT NULL,
    PRIMARY KEY (workshop_id, team, round)
);
CREATE TABLE IF NOT EXISTS log (
    workshop_id TEXT,
    at TEXT NOT NULL,
    message TEXT NOT NULL
);
"""

JOURNALS = ("-wal", "-shm")
"""Endings of the files SQLite keeps beside the database: a damaged one is set aside with them."""

# Columns added after the first release; an older database gains them when it is opened.
TEAM_COLUMNS = {
    "key": "TEXT",  # the name as compared (NFKC, casefolded, lookalike letters folded)
    "secret": "TEXT",  # SHA-256 of the team's secret, given once at join
    "bot": "TEXT",  # the policy that plays a bot team, or NULL for people
    "rejoin": "TEXT",  # NULL, 'asked' (another laptop asked) or 'approved' (by the facilitator)
}


class StoreError(Exception):
    """The database cannot be used; the message names the file and says what to do."""


@dataclass(frozen=True)
class WorkshopRow:
    id: str
    code: str
    scenario_id: str
    scenario_hash: str
    scenario_text: str
    seed: int
    created: str
    paced: bool
    round_minutes: float | None
    timer: dict[str, Any]
    open_round: int


@dataclass(frozen=True)
class TeamRow:
    name: str
    key: str
    secret: str | None
    bot: str | None
    rejoin: str | None


class Store:
    """A thread-safe wrapper around one SQLite connection (the host's threads share it)."""

    def __init__(self, path: Path, set_aside_damaged: bool = True):
        """Open (or create) the database. A damaged file is moved aside and a new one started
        (`notes` says so) unless `set_aside_damaged` is false; StoreError when the file cannot
        be opened or written."""
        self.path = path
        self.notes: list[str] = []
        self._lock = threading.RLock()
        self._depth = 0
        """How deep the writes being made nest (see `transaction`); 0 outside any."""
        self._undone: BaseException | None = None
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as exc:
            if not _is_damage(exc, path):
                raise StoreError(_cannot_open(path, exc)) from None
            if not set_aside_damaged:
                raise StoreError(f"the workshop database {path} is damaged ({exc})") from None
            aside = set_aside(path, companions=JOURNALS)
            self.notes.append(f"the workshop database {path} was damaged ({_reason(exc, path)}); "
                              f"it was moved to {aside} and a new one started")
            try:
                self._db = self._open()
            except sqlite3.DatabaseError as again:
                raise StoreError(_cannot_open(path, again)) from None

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise sqlite3.OperationalError(f"cannot create the folder: {exc.strerror or exc}") \
                from None
        _remove_stale(self.path)
        if not os.path.lexists(self.path):
            _create(self.path)
        if _empty(self.path):
            # SQLite would take an empty file for a new database; pmsim never leaves one (see
            # _create), so it is a lost one, and starting over it would hide that
            raise sqlite3.DatabaseError("the file is empty (0 bytes)")
        # read-write, never create: a file gone since is an error, not a new empty database
        db = sqlite3.connect(f"{self.path.absolute().as_uri()}?mode=rw", uri=True,
                             check_same_thread=False, isolation_level=None, timeout=10)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            check = db.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {check and check[0]}")
            _set_up(db)
        except BaseException:
            db.close()
            raise
        return db

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write, whole or not at all. When it fails the caller sees the error that made
        it fail ("database or disk is full"), not a failed ROLLBACK's: SQLite may have rolled
        back by itself already. A failed COMMIT leaves no transaction open either, so the next
        write starts afresh once the disk has room again.

        Transactions nest: one opened inside another is a part of it (a savepoint), so a
        command can make several writes one (an import: a team and all its rounds, or
        nothing of it), and a part that fails is undone without undoing the rest."""
        with self._lock:
            if self._depth:
                with self._part():
                    yield self._db
                return
            self._db.execute("BEGIN IMMEDIATE")
            self._depth, self._undone = 1, None
            try:
                yield self._db
                self._check_whole()
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self._db.execute("ROLLBACK")
                raise
            finally:
                self._depth = 0

    @contextmanager
    def _part(self) -> Iterator[None]:
        """A write inside a transaction, as a savepoint: one that fails (a log line on a full
        disk, which the service lets go) is undone alone."""
        self._check_whole()
        self._depth += 1
        name = f"part{self._depth}"
        self._db.execute(f"SAVEPOINT {name}")
        try:
            yield
            self._db.execute(f"RELEASE {name}")
        except BaseException as exc:
            if self._db.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute(f"ROLLBACK TO {name}")
                    self._db.execute(f"RELEASE {name}")
            elif self._undone is None:
                self._undone = exc
            raise
        finally:
            self._depth -= 1

    def _check_whole(self) -> None:
        """The error that made SQLite roll back the whole transaction by itself (it may, on a
        full disk), so that no later write goes in outside it, half of what was meant."""
        if not self._db.in_transaction:
            if isinstance(self._undone, sqlite3.Error):
                raise sqlite3.OperationalError(str(self._undone))
            raise sqlite3.OperationalError("the write was undone by the database")

    def query(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def data_version(self) -> int:
        """Changes whenever another connection (another `pmsim` command) wrote."""
        return int(self.query("PRAGMA data_version")[0][0])

    # --- workshops -----------------------------------------------------------------------------

    def add_workshop(self, row: WorkshopRow) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO workshops VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (row.id, row.code, row.scenario_id, row.scenario_hash, row.scenario_text,
                 row.seed, row.created, int(row.paced), row.round_minutes,
                 json.dumps(row.timer), row.open_round),
            )

    def workshop(self, workshop_id: str) -> WorkshopRow | None:
        rows = self.query("SELECT * FROM workshops WHERE id = ?", (workshop_id,))
        return _row(rows[0]) if rows else None

    def workshop_by_code(self, code: str) -> WorkshopRow | None:
        rows = self.query("SELECT * FROM workshops WHERE code = ? ORDER BY created DESC", (code,))
        return _row(rows[0]) if rows else None

    def workshops(self) -> list[WorkshopRow]:
        return [_row(r) for r in self.query("SELECT * FROM workshops ORDER BY created")]

    def save_timer(self, workshop_id: str, timer: dict[str, Any], open_round: int) -> None:
        with self.transaction() as db:
            db.execute("UPDATE workshops SET timer = ?, open_round = ? WHERE id = ?",
                       (json.dumps(timer), open_round, workshop_id))

    # --- teams and their decisions ----------------------------------------------------------

    def add_team(self, workshop_id: str, name: str, joined: str, key: str | None = None,
                 secret: str | None = None, bot: str | None = None) -> bool:
        """True when the team is new (compared by `key`, the normalised name)."""
        key = name if key is None else key
        with self.transaction() as db:
            exists = db.execute(
                "SELECT 1 FROM teams WHERE workshop_id = ? AND (key = ? OR name = ?)",
                (workshop_id, key, name)).fetchone()
            if exists:
                return False
            db.execute("INSERT INTO teams (workshop_id, name, joined, key, secret, bot) "
                       "VALUES (?,?,?,?,?,?)", (workshop_id, name, joined, key, secret, bot))
            return True

    def update_team(self, workshop_id: str, name: str, **values: str | None) -> None:
        """Set some of a team's columns (secret, bot, rejoin, key)."""
        assert set(values) <= set(TEAM_COLUMNS)
        if not values:
            return
        columns = ", ".join(f"{c} = ?" for c in values)
        with self.transaction() as db:
            db.execute(f"UPDATE teams SET {columns} WHERE workshop_id = ? AND name = ?",
                       (*values.values(), workshop_id, name))

    def teams(self, workshop_id: str) -> list[str]:
        rows = self.query("SELECT name FROM teams WHERE workshop_id = ? ORDER BY joined, name",
                          (workshop_id,))
        return [r[0] for r in rows]

    def team_rows(self, workshop_id: str) -> list[TeamRow]:
        rows = self.query("SELECT name, key, secret, bot, rejoin FROM teams "
                          "WHERE workshop_id = ? ORDER BY joined, name", (workshop_id,))
        return [TeamRow(r[0], r[1] or r[0], r[2], r[3], r[4]) for r in rows]

    def rounds_done(self, workshop_id: str) -> dict[str, int]:
        rows = self.query("SELECT team, COUNT(*) FROM submissions WHERE workshop_id = ? "
                          "GROUP BY team", (workshop_id,))
        return {r[0]: int(r[1]) for r in rows}

    def decisions(self, workshop_id: str, team: str) -> list[dict[str, Any]]:
        rows = self.query(
            "SELECT decision FROM submissions WHERE workshop_id = ? AND team = ? ORDER BY round",
            (workshop_id, team),
        )
        return [json.loads(r[0]) for r in rows]

    def add_decision(self, workshop_id: str, team: str, round_number: int,
                     decision: dict[str, Any], received: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO submissions VALUES (?,?,?,?,?)",
                       (workshop_id, team, round_number, json.dumps(decision, sort_keys=True),
                        received))

    def log(self, workshop_id: str | None, at: str, message: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO log VALUES (?,?,?)", (workshop_id, at, message[:500]))

    def log_lines(self, workshop_id: str) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self.query(
            "SELECT at, message FROM log WHERE workshop_id = ? ORDER BY rowid", (workshop_id,))]


def _row(row: tuple[Any, ...]) -> WorkshopRow:
    return WorkshopRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6], bool(row[7]),
                       row[8], json.loads(row[9]), row[10])


def _empty(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size == 0
    except OSError:
        return False  # gone or unreadable: connecting says so


def _set_up(db: sqlite3.Connection) -> None:
    """The tables, and the columns an older database lacks."""
    db.execute("PRAGMA foreign_keys=ON")
    db.executescript(SCHEMA)
    have = {row[1] for row in db.execute("PRAGMA table_info(teams)")}
    for column, kind in TEAM_COLUMNS.items():
        if column not in have:
            db.execute(f"ALTER TABLE teams ADD COLUMN {column} {kind}")
    db.execute("CREATE INDEX IF NOT EXISTS teams_key ON teams (workshop_id, key)")


def _create(path: Path) -> None:
    """Make a new database at `path`, whole: set up in a temporary file in the same folder,
    closed, then put in place unless a file appeared there meanwhile (another pmsim, started
    at the same moment, made it first: theirs is kept and used). OSError when the folder
    cannot be written: sqlite3.OperationalError (never taken for damage to `path`)."""
    made, guard = _new_temporary(path)
    try:
        db = sqlite3.connect(made, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")  # kept in the file
            _set_up(db)
        finally:
            db.close()  # the last connection: its WAL is written back and removed
        if os.name == "posix":
            # mkstemp made it private (0600): give it the mode a file made by open() has, as
            # the user's umask says (never without the owner's read and write: pmsim's own)
            os.chmod(made, new_file_mode() | 0o600)
        _place(made, path)
    except (sqlite3.Error, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise sqlite3.OperationalError(f"cannot create it: {reason}") from None
    finally:
        for end in ("", *JOURNALS):
            with contextlib.suppress(OSError):
                os.unlink(f"{made}{end}")
        if guard is not None:
            os.close(guard)  # and its lock with it, once its name is gone


def _temporary_name(path: Path) -> re.Pattern[str]:
    """The names `_new_temporary` gives while making the database `path` (mkstemp's eight
    random letters, digits or '_' between the database's name and '.new')."""
    return re.compile(re.escape(f".{path.name}.") + r"[a-z0-9_]{8}\.new")


def _new_temporary(path: Path) -> tuple[Path, int | None]:
    """A new temporary file beside `path` to make the database in, and (on POSIX) a handle
    holding an exclusive flock on it until the caller closes it: while it is held no
    `_remove_stale` takes the file for a killed pmsim's leftover. sqlite3.OperationalError
    when the folder cannot be written."""
    for _ in range(5):
        try:
            handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                            suffix=".new")
        except OSError as exc:
            raise sqlite3.OperationalError(f"cannot create it: {exc.strerror or exc}") \
                from None
        if sys.platform == "win32":
            os.close(handle)  # no sweep there (see _remove_stale): nothing to hold it against
            return Path(name), None
        import fcntl

        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError:
            return Path(name), handle  # no flock on this file system: no sweep takes it either
        try:
            held = os.path.samestat(os.fstat(handle), os.lstat(name))
        except OSError:
            held = False
        if held:
            return Path(name), handle
        os.close(handle)  # swept in the instant before it was held: it is gone; another name
    raise sqlite3.OperationalError("cannot create it: its temporary file kept disappearing")


def _remove_stale(path: Path) -> None:
    """Remove what a pmsim killed while making the database `path` left beside it: its
    temporary file (see `_temporary_name`) and that file's SQLite journals. A temporary file
    is taken only with its flock, which the pmsim making it holds until the file is gone
    (`_new_temporary`): one that still works on it, in this or another process, keeps it;
    only a dead one's is removed, whatever command starts. Quietly does nothing it cannot do
    (nothing depends on it), and nothing on Windows, where files have no flock.

    The one gap: on a network file system that emulates flock with POSIX locks (Linux NFS),
    SQLite closing the new database drops the maker's lock for a moment, so a sweep started
    in that moment can take a live file; the maker then says it cannot create the database
    and the next start does."""
    if sys.platform == "win32":
        return
    name = _temporary_name(path)
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for found in names:
        if name.fullmatch(found):
            _remove_if_unheld(path.parent / found)
    for found in names:  # journals whose database went first (killed while removing them)
        for end in JOURNALS:
            if found.endswith(end) and name.fullmatch(found[:-len(end)]) \
                    and not os.path.lexists(path.parent / found[:-len(end)]):
                with contextlib.suppress(OSError):
                    os.unlink(path.parent / found)


def _remove_if_unheld(made: Path) -> None:
    """Remove the temporary database `made`, and its journals, if it is a regular file no
    process holds the flock of (see `_remove_stale`)."""
    import fcntl

    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(made, flags)
    except OSError:
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # its maker is at work: OSError
        opened = os.fstat(handle)
        if not stat.S_ISREG(opened.st_mode) or not os.path.samestat(opened, os.lstat(made)):
            return
        for end in JOURNALS:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{made}{end}")
        os.unlink(made)
    except OSError:
        return
    finally:
        os.close(handle)


def _place(made: Path, path: Path) -> None:
    """Give `made` the name `path` unless that name is taken (another pmsim made the database
    first: theirs is kept, and `made` is left for the caller to drop). See `place_new`."""
    place_new(made, path)


def _is_damage(exc: sqlite3.DatabaseError, path: Path) -> bool:
    """Damage (the file's content is wrong) rather than access (it cannot be opened)."""
    if isinstance(exc, sqlite3.OperationalError):
        return False  # cannot open, read-only, locked, folder missing: not the file's fault
    return path.is_file()


def _reason(exc: sqlite3.DatabaseError, path: Path) -> str:
    text = str(exc)
    if "not a database" in text:
        return "it is not a SQLite database"
    return text


def _cannot_open(path: Path, exc: sqlite3.DatabaseError) -> str:
    reason = str(exc)
    if "readonly" in reason or "read-only" in reason:
        reason = "it is read-only"
    return (f"cannot use the workshop database {path}: {reason}. Check that you may write "
            "to that file and its folder (or set XDG_DATA_HOME to a folder you may write to)")


def write_trouble(exc: sqlite3.DatabaseError) -> tuple[str, str]:
    """Why a write to the workshop database failed, and what to do, in plain words: (why,
    what to do). For a command's message, never SQLite's own words alone."""
    text = str(exc).lower()
    if "full" in text:
        return "the disk is full", "free some space on the disk"
    if "readonly" in text or "read-only" in text:
        return ("it is read-only", "check that you may write to that file and its folder (or "
                                   "set XDG_DATA_HOME to a folder you may write to)")
    if "locked" in text or "busy" in text:
        return ("another pmsim (a host?) is writing to it", "try again in a moment")
    if "disk i/o" in text:
        return "a disk error", "check the disk, and that it is still attached"
    return str(exc), "check the file, its folder and the disk"


def default_path() -> Path:
    from ..saves import data_dir

    return data_dir() / "workshops.sqlite3"


def open_default(set_aside_damaged: bool = True) -> Store:
    return Store(default_path(), set_aside_damaged)

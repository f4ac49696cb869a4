"""Where workshops live: one SQLite database in the user's data folder.

Only decisions are stored, never scores: a team's game is re-simulated from its decisions
whenever a score is needed, so a score cannot be forged and nothing is lost on a restart.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

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
    timer: dict
    open_round: int


class Store:
    """A thread-safe wrapper around one SQLite connection (the host's threads share it)."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def query(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

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

    def save_timer(self, workshop_id: str, timer: dict, open_round: int) -> None:
        with self.transaction() as db:
            db.execute("UPDATE workshops SET timer = ?, open_round = ? WHERE id = ?",
                       (json.dumps(timer), open_round, workshop_id))

    # --- teams and their decisions ----------------------------------------------------------

    def add_team(self, workshop_id: str, name: str, joined: str) -> bool:
        """True when the team is new."""
        with self.transaction() as db:
            exists = db.execute("SELECT 1 FROM teams WHERE workshop_id = ? AND name = ?",
                                (workshop_id, name)).fetchone()
            if exists:
                return False
            db.execute("INSERT INTO teams VALUES (?,?,?)", (workshop_id, name, joined))
            return True

    def teams(self, workshop_id: str) -> list[str]:
        rows = self.query("SELECT name FROM teams WHERE workshop_id = ? ORDER BY joined, name",
                          (workshop_id,))
        return [r[0] for r in rows]

    def decisions(self, workshop_id: str, team: str) -> list[dict]:
        rows = self.query(
            "SELECT decision FROM submissions WHERE workshop_id = ? AND team = ? ORDER BY round",
            (workshop_id, team),
        )
        return [json.loads(r[0]) for r in rows]

    def add_decision(self, workshop_id: str, team: str, round_number: int, decision: dict,
                     received: str) -> None:
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


def _row(row: tuple) -> WorkshopRow:
    return WorkshopRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6], bool(row[7]),
                       row[8], json.loads(row[9]), row[10])


def default_path() -> Path:
    from ..saves import data_dir

    return data_dir() / "workshops.sqlite3"

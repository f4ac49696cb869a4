"""The learner's record: every finished game's result with its seven principle scores, kept in
the user data folder so a later version can show a learner's progress across games.

One JSON file, `results.json`: {"kind": "pmsim-results", "version": 1, "games": [...]}, each
game {"scenario", "seed", "score", "pillars", "principles" (name: 0-100), "lessons" (ids of
the lessons that applied), "replay" (the replay, so any number can be worked out again)}.
Written atomically; a file that cannot be read is set aside (never lost) and a new one begun,
and so is one of another version (a newer pmsim's: kept as `results.version-N-1.json`),
and `load` says so in a `note` the shells show the player once (on the last round's results).
At most `KEEP` games are kept, the oldest dropped first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import saves
from ..analysis.principles import principles
from ..engine import Game, debrief, record, score
from ..fileio import NotRegularFile, atomic_write_text, read_regular_text, set_aside

KIND = "pmsim-results"
VERSION = 1
FILE = "results.json"
KEEP = 1000


def entry(game: Game) -> dict[str, Any]:
    """One finished game as the record keeps it."""
    s = score(game)
    return {
        "scenario": game.scenario.id,
        "seed": game.seed,
        "score": round(s.total, 2),
        "pillars": {k: round(v, 2) for k, v in s.pillars.items()},
        "principles": {k: round(p.score, 1) for k, p in principles(game).items()},
        "lessons": [lesson.id for lesson in debrief(game).lessons],
        "replay": json.loads(record(game).to_json()),
    }


@dataclass(frozen=True)
class Loaded:
    """The record as read: its games, and a line for the player when it had to be set aside."""

    games: list[dict[str, Any]] = field(default_factory=list)
    note: str | None = None
    """Set when the file was damaged or unreadable: where it was kept, and that a new one was
    started. Shown to the player once; a later read finds the new file and no note."""
    unreadable: bool = False
    """Set when the file is not a regular file (a named pipe, say): it was neither read nor set
    aside, and nothing is written over it."""


class _OtherVersion(ValueError):
    """The record is of a version this pmsim does not keep (written by a newer one)."""

    def __init__(self, version: int):
        super().__init__(f"version {version}")
        self.version = version


def load(folder: Path | None = None) -> Loaded:
    """The games recorded so far (oldest first). A damaged or unreadable file, or one of a
    version this pmsim does not keep, is set aside under a new name (never lost, never
    rewritten) and `note` says so. Raises OSError only when it cannot even
    be set aside."""
    path = (folder or saves.data_dir()) / FILE
    if not path.exists():
        return Loaded()
    label = "damaged"
    try:
        data = json.loads(read_regular_text(path))
        if not isinstance(data, dict) or data.get("kind") != KIND:
            raise ValueError("not a pmsim results file")
        version = data.get("version")
        if type(version) is int and version != VERSION:
            raise _OtherVersion(version)
        games = data.get("games")
        if not isinstance(games, list):
            raise ValueError("no games")
        return Loaded([g for g in games if isinstance(g, dict)])
    except NotRegularFile as exc:  # a named pipe is not read (it would block) nor moved
        return Loaded(note=f"Your results history {path} could not be read ({exc.strerror}), "
                           "so this game is not added to it; move it away to keep a history.",
                      unreadable=True)
    except OSError as exc:
        problem = f"could not be read ({exc.strerror or exc})"
    except _OtherVersion as exc:
        # a newer pmsim's record: rewriting it as this version would lose what that pmsim
        # keeps, so it is kept whole, as a damaged one is
        problem = (f"was written by another pmsim (it is version {exc.version}, and this pmsim "
                   f"keeps version {VERSION})")
        label = f"version-{exc.version}"
    except (UnicodeDecodeError, ValueError, RecursionError):
        problem = "was damaged"
    aside = set_aside(path, label)
    return Loaded(note=f"Your results history {problem}; it was kept as {aside.name} and a new "
                       "one started.")


def read(folder: Path | None = None) -> list[dict[str, Any]]:
    """The games recorded so far (oldest first); an unreadable file is set aside."""
    return load(folder).games


def add(game: Game, folder: Path | None = None) -> Loaded:
    """Record a finished game; returns the record now kept, with `note` set when the old file
    had to be set aside. Raises OSError when it cannot be written."""
    if not game.over:
        raise ValueError("only a finished game has a result")
    path = (folder or saves.data_dir()) / FILE
    before = load(folder)
    if before.unreadable:
        return Loaded([entry(game)], before.note, unreadable=True)
    games = [*before.games, entry(game)][-KEEP:]
    atomic_write_text(path, json.dumps({"kind": KIND, "version": VERSION, "games": games},
                                       indent=1, ensure_ascii=False) + "\n")
    return Loaded(games, before.note)

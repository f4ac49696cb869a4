"""The learner's record: every finished game's result with its seven principle scores, kept in
the user data folder so a later version can show a learner's progress across games.

One JSON file, `results.json`: {"kind": "pmsim-results", "version": 1, "games": [...]}, each
game {"scenario", "seed", "score", "pillars", "principles" (name: 0-100), "lessons" (ids of
the lessons that applied), "replay" (the replay, so any number can be worked out again)}.
Written atomically; a file that cannot be read is set aside (never lost) and a new one begun.
At most `KEEP` games are kept, the oldest dropped first.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import saves
from ..analysis.principles import principles
from ..engine import Game, debrief, record, score
from ..fileio import atomic_write_text

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


def read(folder: Path | None = None) -> list[dict[str, Any]]:
    """The games recorded so far (oldest first); an unreadable file is set aside."""
    path = (folder or saves.data_dir()) / FILE
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("kind") != KIND:
            raise ValueError("not a pmsim results file")
        games = data.get("games")
        if not isinstance(games, list):
            raise ValueError("no games")
        return [g for g in games if isinstance(g, dict)]
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        saves.set_aside(path)
        return []


def add(game: Game, folder: Path | None = None) -> Path:
    """Record a finished game; returns the file. Raises OSError when it cannot be written."""
    if not game.over:
        raise ValueError("only a finished game has a result")
    path = (folder or saves.data_dir()) / FILE
    games = [*read(folder), entry(game)][-KEEP:]
    atomic_write_text(path, json.dumps({"kind": KIND, "version": VERSION, "games": games},
                                       indent=1, ensure_ascii=False) + "\n")
    return path

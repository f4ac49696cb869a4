"""The autosave: the game in progress, as a replay, in the user's data folder.

A save is a replay plus where its scenario lives, and the plan being drafted for the next
round, written atomically after every round and every change to the plan. A save that cannot
be read is moved aside (never deleted, never fatal) and reported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from .fileio import NotRegularFile, atomic_write_text, read_regular_text, set_aside

if TYPE_CHECKING:
    from .engine import Replay

KIND = "pmsim-save"
VERSION = 1
AUTOSAVE = "autosave.json"


class SaveError(Exception):
    """The save could not be used; the message says what happened to it."""


@dataclass(frozen=True)
class SaveGame:
    scenario_path: str
    replay: Replay
    draft: dict[str, Any] | None = None
    """The plan being drafted (see play.drafts): JSON data, checked when it is restored."""
    what_if: dict[str, Any] | None = None
    """A "what if" being played: {"from_round": n, "original": the first game's replay}, JSON
    data checked when it is restored (see play.session), so a paused what-if still ends
    beside the first game."""


def data_dir() -> Path:
    """The platform's place for user data (honours XDG_DATA_HOME on Linux)."""
    return platformdirs.user_data_path("pmsim", appauthor=False)


def autosave_path(folder: Path | None = None) -> Path:
    return (folder or data_dir()) / AUTOSAVE


def write(save: SaveGame, folder: Path | None = None) -> Path:
    path = autosave_path(folder)
    body = {
        "kind": KIND,
        "version": VERSION,
        "scenario_path": save.scenario_path,
        "replay": json.loads(save.replay.to_json()),
    }
    if save.draft is not None:
        body["draft"] = save.draft
    if save.what_if is not None:
        body["what_if"] = save.what_if
    atomic_write_text(path, json.dumps(body, indent=1, ensure_ascii=False) + "\n")
    return path


def read(folder: Path | None = None) -> SaveGame | None:
    """The autosave, or None when there is none; SaveError (after moving it aside) when it is
    damaged."""
    from .engine import ReplayError

    path = autosave_path(folder)
    if not path.exists():
        return None
    try:
        return _parse(path)
    except NotRegularFile as exc:  # a named pipe is not read (it would block) nor moved
        raise SaveError(f"the saved game {path} could not be read ({exc.strerror}); move it "
                        "away to save games again") from None
    except (OSError, UnicodeDecodeError, ValueError, ReplayError, RecursionError) as exc:
        aside = set_aside(path)
        raise SaveError(
            f"the saved game could not be read ({exc}); it was moved to {aside}"
        ) from None


def peek(folder: Path | None = None) -> SaveGame | None:
    """The autosave as `read` finds it, or None when there is none or it cannot be read, with
    nothing moved aside: for saying what `pmsim play --continue` would carry on (after a
    failed save, the older save still there) without changing what it will find."""
    from .engine import ReplayError

    path = autosave_path(folder)
    try:
        return _parse(path) if path.exists() else None
    except (OSError, UnicodeDecodeError, ValueError, ReplayError, RecursionError):
        return None


def _parse(path: Path) -> SaveGame:
    """The save in `path`; the reading or checking error when it is not one."""
    from .engine import Replay

    data = json.loads(read_regular_text(path))
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise ValueError("not a pmsim save")
    version = data.get("version")
    if type(version) is int and version != VERSION:
        raise ValueError(f"it is save version {version}, and this pmsim reads version "
                         f"{VERSION}")
    if version != VERSION or type(version) is not int:
        raise ValueError("the save is damaged: its 'version' is missing or not a number")
    if not isinstance(data.get("scenario_path"), str):
        raise ValueError("the save is damaged: its 'scenario_path' (where the scenario "
                         "file is) is missing or not text")
    replay = Replay.from_json(json.dumps(data.get("replay")))
    draft, what_if = data.get("draft"), data.get("what_if")
    return SaveGame(data["scenario_path"], replay, draft if isinstance(draft, dict) else None,
                    what_if if isinstance(what_if, dict) else None)


def discard_advice(folder: Path | None = None) -> str:
    """How to be rid of a save that is kept but cannot be continued (its scenario is gone or
    changed): said with every such error, so a player is never stuck with a Continue that
    always fails."""
    return (f"to discard the saved game, move {autosave_path(folder)} away, or start a new "
            "game (which replaces it)")


def clear(folder: Path | None = None) -> None:
    path = autosave_path(folder)
    if path.exists():
        path.unlink()

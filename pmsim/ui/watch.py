"""`pmsim play FILE --watch`: reload the scenario whenever the file changes.

A valid new version restarts the game at the same seed on the planning board; an invalid one
shows its diagnostics in the window until the author saves a fix. Nothing crashes either way.

Authoring mode never touches the player's own saved game or results history: while it runs,
the window saves in a folder of its own (so Continue on its title screen carries on the
authored game), deleted when the window closes.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..scenario import load_file

if TYPE_CHECKING:
    from .app import App

POLL_SECONDS = 0.5


class Watcher:
    def __init__(self, app: App, path: Path, seed: int):
        """Watch `path` for `app`, which saves in the watcher's own folder from now on (until
        `close`): every reload starts a new game, and would otherwise replace the game the
        player had paused, and a finished test game would join their results history."""
        self.app = app
        self.path = path
        self.seed = seed
        self.stamp = self._stamp()
        self.checked = 0.0
        self.reloads = 0
        self._apart = contextlib.ExitStack()
        self.save_dir = self._apart.enter_context(app.saving_apart("pmsim-watch-"))
        """Where the authored game is saved while the window is open."""

    def close(self) -> None:
        """The window is closing: give the app its own save folder back and delete the
        authored game's."""
        self._apart.close()

    def _stamp(self) -> tuple[int, int] | None:
        try:
            info = self.path.stat()
        except OSError:
            return None
        return info.st_mtime_ns, info.st_size

    def poll(self, now: float | None = None) -> bool:
        """Reload if the file changed since the last look; True when it did."""
        now = time.monotonic() if now is None else now
        if now - self.checked < POLL_SECONDS:
            return False
        self.checked = now
        stamp = self._stamp()
        if stamp == self.stamp:
            return False
        self.stamp = stamp
        self.load()
        return True

    def load(self) -> None:
        """The file as it is now: a new game of it on the board (saved in the watcher's own
        folder), or its problems."""
        from ..play.session import GameSession

        result = load_file(self.path)
        if result.scenario is None:
            self.app.reset("diagnostics", result)
            return
        session = GameSession.start(result.scenario, str(self.path.resolve()), self.seed,
                                    self.save_dir)
        self.reloads += 1
        self.app.reset("board", session)

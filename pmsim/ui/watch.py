"""`pmsim play FILE --watch`: reload the scenario whenever the file changes.

A valid new version restarts the game at the same seed on the planning board; an invalid one
shows its diagnostics in the window until the author saves a fix. Nothing crashes either way.
"""

from __future__ import annotations

import time
from pathlib import Path

from ..scenario import load_file

POLL_SECONDS = 0.5


class Watcher:
    def __init__(self, app, path: Path, seed: int):
        self.app = app
        self.path = path
        self.seed = seed
        self.stamp = self._stamp()
        self.checked = 0.0
        self.reloads = 0

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
        from ..play.session import GameSession

        result = load_file(self.path)
        if result.scenario is None:
            self.app.reset("diagnostics", result)
            return
        session = GameSession.start(result.scenario, str(self.path.resolve()), self.seed,
                                    self.app.save_dir)
        self.reloads += 1
        self.app.reset("board", session)

"""Work too long for a frame (the debrief's comparison with every baseline), done on a thread
while the shell keeps drawing and shows that it is under way."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from ..analysis.compare import Comparison, compare
from ..engine import Game

T = TypeVar("T")


class Background(Generic[T]):
    """One call on a daemon thread; `result` once `done` (or `error`, if it raised)."""

    def __init__(self, work: Callable[[], T], clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.started = clock()
        self.result: T | None = None
        self.error: BaseException | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(work,), daemon=True,
                                        name="pmsim-background")
        self._thread.start()

    def _run(self, work: Callable[[], T]) -> None:
        try:
            self.result = work()
        except BaseException as exc:  # shown to the player instead of killing the thread
            self.error = exc
        finally:
            self._done.set()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    @property
    def elapsed(self) -> float:
        return self.clock() - self.started

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)


def comparison(game: Game, samples: int = 30) -> Background[Comparison]:
    """How the finished game compares with every baseline, worked out in the background."""
    return Background(lambda: compare(game, samples=samples))

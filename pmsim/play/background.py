"""Work too long for a frame (the debrief's coaching: every decision replayed, every baseline
played), done on a thread while the shell keeps drawing and shows how far it has got."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from ..analysis.coach import Coaching, coach
from ..analysis.compare import Comparison, compare
from ..engine import Game

T = TypeVar("T")


class Background(Generic[T]):
    """One call on a daemon thread; `result` once `done` (or `error`, if it raised).

    `share` (0-1) is how far the work says it has got, for a progress bar: work made with
    `Background.reporting` is handed a function to say so; other work stays at 0 until done.
    """

    def __init__(self, work: Callable[[], T], clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.started = clock()
        self.result: T | None = None
        self.error: BaseException | None = None
        self.share = 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(work,), daemon=True,
                                        name="pmsim-background")
        self._thread.start()

    @classmethod
    def reporting(cls, work: Callable[[Callable[[float], None]], T],
                  clock: Callable[[], float] = time.monotonic) -> Background[T]:
        """Work that reports its progress: it is called with a function taking the share
        done (0-1)."""
        holder: list[Background[T]] = []
        ready = threading.Event()

        def report(share: float) -> None:
            ready.wait()
            holder[0].share = max(0.0, min(1.0, share))

        def run() -> T:
            return work(report)

        job = cls(run, clock)
        holder.append(job)
        ready.set()
        return job

    def _run(self, work: Callable[[], T]) -> None:
        try:
            self.result = work()
            self.share = 1.0
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


def coaching(game: Game, samples: int = 30) -> Background[Coaching]:
    """The finished game's coaching debrief (`analysis.coach`), worked out in the background
    with its progress reported."""
    return Background.reporting(lambda report: coach(game, samples, progress=report))

"""Work too long for a frame (the debrief's coaching: every decision replayed, every baseline
played), done on a thread while the shell keeps drawing and shows how far it has got."""

from __future__ import annotations

import gc
import sys
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
    with its progress reported, and without pauses in the frames (see `Smooth`)."""

    def work(report: Callable[[float], None]) -> Coaching:
        with Smooth():
            return coach(game, samples, progress=report)

    return Background.reporting(work)


class Smooth:
    """While heavy analysis runs beside the UI: no cyclic garbage collection (a full
    collection over the analysis's objects stopped every thread for 200-290 ms, measured in
    bench/debrief_bench.py), and a shorter interpreter switch interval (1 ms instead of 5), so
    the drawing thread gets the interpreter back sooner. Both are process-wide; they are set
    back when the last analysis ends. Reference counting still frees the analysis's garbage."""

    _lock = threading.Lock()
    _active = 0
    _interval = 0.005
    _collecting = True

    def __enter__(self) -> Smooth:
        with Smooth._lock:
            if Smooth._active == 0:
                Smooth._interval = sys.getswitchinterval()
                Smooth._collecting = gc.isenabled()
                gc.disable()
                sys.setswitchinterval(0.001)
            Smooth._active += 1
        return self

    def __exit__(self, *exc: object) -> None:
        with Smooth._lock:
            Smooth._active -= 1
            if Smooth._active == 0:
                sys.setswitchinterval(Smooth._interval)
                if Smooth._collecting:
                    gc.enable()

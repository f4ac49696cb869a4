"""Playing independent work in parallel processes, and stopping at once on Ctrl+C.

The analysis's seeds and robustness variants are independent, so they run in a pool of
processes. A worker ignores Ctrl+C (SIGINT): only the parent gets the KeyboardInterrupt, and
leaving the pool terminates the workers, so `pmsim analyze --watch` stops at once without a
traceback from every worker.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")


def workers_for(workers: int | None) -> int:
    """The number of processes to use: `workers`, or the machine's cores up to 4."""
    return workers if workers is not None else min(4, os.cpu_count() or 1)


def quiet_interrupts() -> None:
    """In a worker process: leave Ctrl+C to the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def parallel_starmap(fn: Callable[..., T], calls: Iterable[tuple[Any, ...]],
                     workers: int) -> list[T]:
    """`[fn(*args) for args in calls]`, in `workers` processes, in order. Ctrl+C in the
    parent terminates the workers and raises KeyboardInterrupt."""
    with multiprocessing.Pool(workers, initializer=quiet_interrupts) as pool:
        return pool.starmap(fn, calls, chunksize=1)

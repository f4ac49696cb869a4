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
    """In a worker process: leave Ctrl+C to the parent, and let SIGTERM end the worker. A
    forked worker inherits its parent's handlers, and a parent that has started pygame has
    SDL's, which turn SIGTERM into a quit event nobody reads: the pool could not end it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def parallel_starmap(fn: Callable[..., T], calls: Iterable[tuple[Any, ...]],
                     workers: int) -> list[T]:
    """`[fn(*args) for args in calls]`, in `workers` processes, in order. The workers finish
    and exit when the work is done; Ctrl+C (or any error) in the parent terminates them and
    the exception is raised."""
    pool = multiprocessing.Pool(workers, initializer=quiet_interrupts)
    try:
        found = pool.starmap(fn, calls, chunksize=1)
        pool.close()
        return found
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()

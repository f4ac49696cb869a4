"""One host per workshop: an operating-system lock on a small file beside the database, held
while a host serves the workshop.

The lock belongs to the process: when the host stops, crashes or is killed, the system lets
it go, so a lock file left behind never blocks the next start (it is not a PID file). The
file holds the host's process id, only to name it in the refusal.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from pathlib import Path
from typing import IO


class AlreadyHosted(Exception):
    """Another process is hosting this workshop; `pid` names it when known."""

    def __init__(self, pid: int | None):
        super().__init__(f"already hosted (process {pid})" if pid else "already hosted")
        self.pid = pid


class HostLock:
    """Held from `acquire` until `release` (or the end of the process)."""

    def __init__(self, folder: Path, workshop_id: str):
        safe = re.sub(r"[^A-Za-z0-9_-]+", "_", workshop_id)[:120]
        self.path = folder / f"{safe}.lock"
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock; AlreadyHosted when another process holds it, OSError when the file
        cannot be made."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held while hosting
        try:
            if not _lock(handle):
                raise AlreadyHosted(_holder(handle))
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
        except BaseException:
            handle.close()
            raise
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            with contextlib.suppress(OSError):
                _unlock(self._file)
            self._file.close()
            self._file = None


def _holder(handle: IO[str]) -> int | None:
    """The process id the holder wrote, if it can be read (Windows keeps a locked byte from
    other processes)."""
    try:
        handle.seek(0)
        text = handle.read(40).strip()
    except (OSError, ValueError):
        return None
    return int(text) if text.isdigit() else None


def _lock(handle: IO[str]) -> bool:
    """Lock the file without waiting; False when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(handle: IO[str]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

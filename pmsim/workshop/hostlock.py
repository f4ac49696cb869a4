"""One host per workshop: an operating-system lock on a small file beside the database, held
while a host serves the workshop.

The locking is the `filelock` library's (flock on Unix, LockFileEx on Windows): the lock
belongs to the process, so when the host stops, crashes or is killed the system lets it go,
and a lock file left behind never blocks the next start (it is not a PID file). filelock's
soft fallback (a marker file, for file systems without flock) is turned off: a marker would
outlive a killed host.

filelock owns the lock file (it may empty or delete it), so the holder's process id, kept only
to name it in the refusal, is in a file of its own beside it (`NAME.pid`), written whole
(a temporary file renamed over it) right after the lock is taken and removed on release. A
host whose id cannot be written or read (on Windows a reader's open file blocks the rename)
still hosts; a refusal then says "already hosted" without naming it.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from filelock import FileLock, Timeout

PID_WAIT_SECONDS = 1.0
"""How long a refused host waits for the holder's process id when it is not written yet (the
holder writes it just after taking the lock; the lock is not waited for, only its name)."""


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
        self.pid_path = folder / f"{safe}.pid"
        # thread_local off: the lock is the process's, whichever thread lets it go
        self._lock = FileLock(self.path, thread_local=False, blocking=False,
                              fallback_to_soft=False)

    def acquire(self) -> None:
        """Take the lock; AlreadyHosted when another process holds it, OSError when the file
        cannot be made."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire()
        except Timeout:
            raise AlreadyHosted(_holder(self.pid_path)) from None
        try:
            _write_pid(self.pid_path)
        except OSError:
            pass  # only for naming the host in a refusal, which then reads "already hosted"
        except BaseException:
            self._lock.release()
            raise

    def release(self) -> None:
        if not self._lock.is_locked:
            return
        if _read_pid(self.pid_path) == os.getpid():  # ours: nobody else writes it while we hold
            with contextlib.suppress(OSError):
                self.pid_path.unlink()
        with contextlib.suppress(OSError):
            self._lock.release()


def _write_pid(path: Path) -> None:
    """Write this process's id to `path` whole: a reader sees the old file or the new one."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="ascii") as file:
            file.write(str(os.getpid()))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _read_pid(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="ascii", errors="replace")[:40].strip()
    except OSError:
        return None
    return int(text) if text.isdigit() and int(text) > 0 else None


def _holder(path: Path) -> int | None:
    """The holder's process id, if known: while it is not written yet (the holder took the lock
    a moment ago), or still names a host that is gone (one killed before, whose file the new
    holder is about to replace), it is waited for a little."""
    deadline = time.monotonic() + PID_WAIT_SECONDS
    while True:
        pid = _read_pid(path)
        if pid is not None and _running(pid):
            return pid
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.02)


def _running(pid: int) -> bool:
    """Whether a process with this id runs. Asked with signal 0, which is Unix's: taken as true
    where it cannot be asked (on Windows os.kill would end the process; some systems have no
    os.kill), so the refusal still names the host from its file."""
    kill = getattr(os, "kill", None)
    if sys.platform == "win32" or kill is None:
        return True
    try:
        kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OverflowError, ValueError):
        return False  # no process has such an id (a damaged file)
    except OSError:
        return True  # another user's process: it exists
    return True

"""Writing files so that a crash or a full disk never leaves a half-written one behind."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()  # read once, at import, before any threads start


NOT_REGULAR = ("it is not a regular file (a named pipe, a device or a socket), and pmsim "
               "writes only regular files; name a file instead")


def destination(path: str | Path) -> Path:
    """Where writing `path` lands: `path` itself, or, when it is a symbolic link, the file the
    link points to (so the link stays in place and its target gets the new text). OSError when
    that already exists and is not a regular file: renaming a file over a named pipe, a device
    (/dev/full) or a folder would replace it instead of writing into it."""
    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = os.stat(target).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return target  # a new file (a missing folder is the write's to report)
    if stat.S_ISDIR(mode):
        raise OSError(errno.EISDIR, "it is a folder; name a file in it", str(path))
    if not stat.S_ISREG(mode):
        raise OSError(errno.EINVAL, NOT_REGULAR, str(path))
    return target


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, flush it to disk, then rename it over
    `path` in one step: readers see the old file or the new one, never a mix.

    A symbolic link is followed: the file it points to is replaced and the link kept. Anything
    else that is not a regular file (a named pipe, a device, a folder) is refused with OSError
    before anything is written (see `destination`)."""
    import tempfile  # here, not at the top: it is slow to import and the game starts without it

    path = destination(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); give it the mode a plain open() would have
        # (or keep the mode of the file it replaces)
        try:
            mode = path.stat().st_mode & 0o777
        except OSError:
            mode = 0o666 & ~_UMASK
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class NotRegularFile(OSError):
    """A file pmsim was asked to read is a folder, a named pipe, a device or a socket."""


def read_regular(path: str | Path, limit: int = -1) -> bytes:
    """The bytes of `path` (at most `limit` when that is not negative), which must be a regular
    file: reading a named pipe would block forever, and a folder or a device holds no file.
    Opened without blocking and checked on the open file, so nothing can swap it in between;
    NotRegularFile (an OSError) says what it is instead."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:  # checked before fdopen, which refuses a folder in words of its own
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(
                errno.EINVAL, "it is a folder" if stat.S_ISDIR(mode) else
                "it is not a regular file (a named pipe, a device or a socket)", str(path))
    except OSError:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:
        return handle.read(limit)


def read_regular_text(path: str | Path) -> str:
    """`read_regular`, decoded as UTF-8 (UnicodeDecodeError when it is not)."""
    return read_regular(path).decode("utf-8")

"""Reading and writing the files a player names, by one set of rules: pmsim reads and writes
regular files only (never a named pipe, a device or a folder), a write never leaves a
half-written file behind, and a file pmsim cannot use is set aside, never deleted."""

from __future__ import annotations

import contextlib
import errno
import functools
import itertools
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()  # read once, at import, before any threads start


def new_file_mode() -> int:
    """The permission bits a file made by a plain open() gets: 0o666 less the umask (read
    once, at import: reading it means setting it, which is not safe once threads run). For a
    file pmsim makes private first (a temporary file is 0600) and then puts in place."""
    return 0o666 & ~_UMASK


class NotRegularFile(OSError):
    """A file pmsim was asked to read or write is a folder, a named pipe, a device or a socket.
    `strerror` says which; `filename` is the path as given."""

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


def _what(mode: int) -> str:
    """What a file that is not a regular file is, in the player's words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def regular_file(path: str | Path, mode: int) -> None:
    """The one rule for every file pmsim reads or writes: `path`, whose `st_mode` is `mode`,
    must be a regular file. A named pipe would block a read forever and be replaced by a
    write, a device (/dev/full) or a folder holds no file: NotRegularFile says which it is,
    in the same words whether pmsim was reading or writing."""
    if stat.S_ISREG(mode):
        return
    code = errno.EISDIR if stat.S_ISDIR(mode) else errno.EINVAL
    raise NotRegularFile(code, f"it is {_what(mode)}, not a regular file; pmsim reads and "
                               "writes regular files only", str(path))


def destination(path: str | Path, *, create_folder: bool = True) -> Path:
    """Where writing `path` lands: `path` itself, or, when it is a symbolic link, the file the
    link points to (so the link stays in place and its target gets the new text).
    NotRegularFile when that already exists and is not a regular file (see `regular_file`).

    With `create_folder` false (a file the player named), a folder that does not exist is
    refused (OSError saying so) rather than made: a typo in a folder name makes no folders."""
    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = os.stat(target).st_mode
    except (FileNotFoundError, NotADirectoryError):
        if not create_folder:
            _check_folder(path, target.parent)
        return target  # a new file
    regular_file(path, mode)
    return target


def _check_folder(path: Path, folder: Path) -> None:
    """OSError, in the words `pmsim new` uses, when `folder` (where `path` goes) is missing or
    is not a folder."""
    if folder.is_dir():
        return
    if folder.exists() or folder.is_symlink():
        raise OSError(errno.ENOTDIR, f"{folder} is not a folder", str(path))
    raise OSError(errno.ENOENT, f"the folder {folder} does not exist; create it first, or name "
                                "a file in a folder that exists", str(path))


def make_folder(folder: Path) -> None:
    """Make `folder` (and the folders it is in) if it is not there. When a file stands where
    it, or a folder it is in, should be, OSError says which file and what to do: the system's
    own words were 'File exists' or 'Not a directory', which named neither."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = _not_a_folder(folder)
        if blocker is None:  # the file went away in between: the system's words will do
            raise
        raise OSError(errno.ENOTDIR, f"{blocker} is a file, not a folder: move it away so "
                                     "pmsim can keep your game there", str(folder)) from None


def _not_a_folder(folder: Path) -> Path | None:
    """The first of `folder` and the folders it is in (outermost first) that is there but is
    not a folder (a file, or a link to nothing or to a file), or None."""
    for place in [*reversed(folder.parents), folder]:
        if os.path.lexists(place) and not place.is_dir():
            return place
    return None


def atomic_write_text(path: str | Path, text: str, *, create_folder: bool = True,
                      mode: int | None = None) -> None:
    """`atomic_write_bytes` for text, in UTF-8 with "\n" line ends."""
    atomic_write_bytes(path, text.encode("utf-8"), create_folder=create_folder, mode=mode)


def atomic_write_bytes(path: str | Path, data: bytes, *, create_folder: bool = True,
                       mode: int | None = None) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename it over
    `path` in one step: readers see the old file or the new one, never a mix, and a write that
    fails (a full disk) raises and leaves no file behind. The file gets `mode` when given
    (0o600 for a file holding a secret), else the mode of the file it replaces or, for a new
    file, the one a plain open() would give it.

    A symbolic link is followed: the file it points to is replaced and the link kept. Anything
    else that is not a regular file (a named pipe, a device, a folder) is refused before
    anything is written, and so is a missing folder unless `create_folder` (pmsim's own data
    folder is made; a folder the player named is not: see `destination`)."""
    import tempfile  # here, not at the top: it is slow to import and the game starts without it

    if create_folder:
        make_folder(Path(path).parent)
    path = destination(path, create_folder=create_folder)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); give it the mode a plain open() would have
        # (or keep the mode of the file it replaces)
        if mode is None:
            try:
                mode = path.stat().st_mode & 0o777
            except OSError:
                mode = new_file_mode()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def place_new(made: Path, path: Path) -> bool:
    """Move the finished file `made` to `path` unless something is there already: True when
    it went (`made` is gone, its content is at `path`); False when `path` is taken (a file, a
    folder, a link, even a broken one), and then both are left exactly as they were.

    A plain rename would replace what is at `path`, and a file another pmsim put there a
    moment ago (its own new database, another team's result) must be kept. So a hard link is
    made, which fails rather than replace, in one step. Where links are not supported (some
    USB sticks): a rename that refuses to replace, in one step where the system has one
    (Windows' rename; Linux's renameat2 and macOS's renamex_np, on file systems that take
    their no-replace flag); elsewhere the name is checked and then renamed over, and a file
    that appears between the two is replaced: the one window left."""
    try:
        os.link(made, path)
    except FileExistsError:
        return False
    except OSError:  # no hard links on this file system
        return _rename_new(made, path)
    with contextlib.suppress(OSError):
        os.unlink(made)
    return True


def _rename_new(made: Path, path: Path) -> bool:
    """`place_new` without hard links: rename `made` to `path` unless that is taken."""
    if os.path.lexists(path):
        return False
    placed = _rename_no_replace(made, path)
    if placed is not None:
        return placed
    try:
        os.rename(made, path)  # checked just above; replaces a file made since (see place_new)
    except FileExistsError:
        return False
    return True


def _rename_no_replace(made: Path, path: Path) -> bool | None:
    """Rename `made` to `path` in one step that fails rather than replace: True when done,
    False when `path` is taken, None when this system or file system has no such rename."""
    if sys.platform == "win32":
        try:
            os.rename(made, path)  # Windows' rename never replaces a file
        except FileExistsError:
            return False
        return True
    call = _no_replace_call()
    if call is None:
        return None
    if call(os.fsencode(made), os.fsencode(path)) == 0:
        return True
    import ctypes

    code = ctypes.get_errno()
    if code == errno.EEXIST:
        return False
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return None  # a kernel or file system that does not take the flag
    raise OSError(code, os.strerror(code), str(made), None, str(path))


@functools.cache
def _no_replace_call() -> Callable[[bytes, bytes], int] | None:
    """The C library's rename that refuses to replace (renameat2 with RENAME_NOREPLACE on
    Linux, renamex_np with RENAME_EXCL on macOS), or None where there is none."""
    import ctypes  # here: only needed where hard links are not

    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        renameat2 = libc.renameat2
        renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                              ctypes.c_uint]
        renameat2.restype = ctypes.c_int
        at_fdcwd, noreplace = -100, 1
        return lambda old, new: int(renameat2(at_fdcwd, old, at_fdcwd, new, noreplace))
    if sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        renamex_np = libc.renamex_np
        renamex_np.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        renamex_np.restype = ctypes.c_int
        rename_excl = 0x4
        return lambda old, new: int(renamex_np(old, new, rename_excl))
    return None


def read_regular(path: str | Path, limit: int = -1) -> bytes:
    """The bytes of `path` (at most `limit` when that is not negative), which must be a regular
    file (see `regular_file`). Opened without blocking and checked on the open file, so
    nothing can swap a named pipe in between the check and the read."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:  # checked before fdopen, which refuses a folder in words of its own
        regular_file(path, os.fstat(fd).st_mode)
    except OSError:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:
        return handle.read(limit)


def read_regular_text(path: str | Path) -> str:
    """`read_regular`, decoded as UTF-8 (UnicodeDecodeError when it is not)."""
    return read_regular(path).decode("utf-8")


def set_aside(path: Path, label: str = "damaged", companions: tuple[str, ...] = ()) -> Path:
    """Move a file pmsim cannot use to `NAME.LABEL-N.SUFFIX` beside it (the first N free) and
    return where it went: the player's file is kept, never deleted, however many copies are
    already there. `companions` are endings of files that belong with it (a database's
    "-wal"), moved along under the same new name."""
    for n in itertools.count(1):
        aside = path.with_name(f"{path.stem}.{label}-{n}{path.suffix}")
        extras = [(path.with_name(path.name + end), aside.with_name(aside.name + end))
                  for end in companions]
        if any(os.path.lexists(new) for _, new in extras) or not _move_new(path, aside):
            continue
        for old, new in extras:
            if os.path.lexists(old):
                old.replace(new)
        return aside
    raise AssertionError("unreachable")  # pragma: no cover - itertools.count never ends


def _move_new(path: Path, aside: Path) -> bool:
    """Rename `path` to `aside` unless `aside` exists (False then): `place_new`, except that a
    symbolic link at `path` is moved itself, not linked through to its target."""
    try:
        os.link(path, aside, follow_symlinks=False)
    except FileExistsError:
        return False
    except OSError:  # no hard links here (some USB sticks)
        return _rename_new(path, aside)
    path.unlink()
    return True

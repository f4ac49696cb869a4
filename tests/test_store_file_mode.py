"""A new workshop database gets the mode a file made by open() has under the user's umask
(it is made private, as a temporary file, and then put in place): not always 0600."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import pmsim.fileio as fileio
from pmsim.workshop.store import Store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600),
                                             (0o277, 0o600)])
def test_a_new_database_has_the_mode_the_umask_gives(tmp_path: Path, monkeypatch, umask: int,
                                                     mode: int) -> None:
    """(A umask that takes the owner's own write away still leaves pmsim its database.)"""
    monkeypatch.setattr(fileio, "_UMASK", umask)
    db = tmp_path / "workshops.sqlite3"
    Store(db).close()
    assert _mode(db) == mode


def test_a_pmsim_started_under_a_umask_makes_the_database_by_it(tmp_path: Path) -> None:
    """The umask as the shell sets it, read by pmsim itself at its start."""
    db = tmp_path / "workshops.sqlite3"
    mask = os.umask(0o027)
    try:
        subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                        "from pmsim.workshop.store import Store; Store(Path(sys.argv[1]))"
                        ".close()", str(db)], check=True, timeout=60)
    finally:
        os.umask(mask)
    assert _mode(db) == 0o640


def test_an_existing_database_keeps_its_mode(tmp_path: Path) -> None:
    db = tmp_path / "workshops.sqlite3"
    Store(db).close()
    db.chmod(0o660)
    Store(db).close()
    assert _mode(db) == 0o660

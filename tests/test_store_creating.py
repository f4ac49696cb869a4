"""Two hosts started at once on a fresh data folder: the empty database file one of them has
just made is another pmsim's new database, not a damaged one."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from pmsim.workshop.store import Store


def test_an_empty_database_being_created_is_waited_for_not_set_aside(tmp_path: Path) -> None:
    db = tmp_path / "workshops.sqlite3"
    db.write_bytes(b"")  # the other host's connect() has made the file, not yet the tables

    def create() -> None:
        time.sleep(0.3)
        made = tmp_path / "made.sqlite3"
        with sqlite3.connect(made) as other:
            other.execute("CREATE TABLE t (x)")
        other.close()
        made.replace(db)

    maker = threading.Thread(target=create)
    maker.start()
    store = Store(db)
    maker.join()
    try:
        assert store.notes == []
        assert not list(tmp_path.glob("*damaged*"))
    finally:
        store.close()

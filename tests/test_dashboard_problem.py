"""The facilitator's dashboard says, in red where the timer's note was, that rounds are not
being saved while the host cannot write its database (a full disk), and goes back to the
timer's note once it can: the terminal is often behind the projected window."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pmsim.catalog import resolve
from pmsim.ui.app import App
from pmsim.ui.scenes.dashboard import DashboardScene
from pmsim.ui.settings import Settings
from pmsim.workshop.server import StorageAlarm, storage_trouble
from pmsim.workshop.service import Workshop
from pmsim.workshop.store import Store


def test_the_dashboard_says_rounds_are_not_saved_while_the_disk_is_full(
        tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    store = Store(tmp_path / "w.sqlite3")
    ws = Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), 7,
                         code="FULL42", round_minutes=8)
    said: list[str] = []
    alarm = StorageAlarm(ws, said.append)
    trouble = storage_trouble(sqlite3.OperationalError("database or disk is full"),
                              Path(tmp_path / "w.sqlite3"))
    assert trouble is not None
    app = App(Settings(width=1024, height=640, text_scale=1.4), save_dir=tmp_path / "saves",
              config_dir=tmp_path / "config")
    try:
        scene = DashboardScene(app, ws, "192.168.100.200:8765")
        app.reset(scene)

        def shown() -> str:
            app.theme.records.clear()
            app.draw()
            return " ".join(r.text for r in app.theme.records)

        assert "Timer not started" in shown()
        alarm.failed(trouble)
        text = shown()
        assert "Rounds are not being saved: its disk is full" in text, text
        assert "Timer not started" not in text
        alarm.wrote()
        assert "Timer not started" in shown()
        assert "not being saved" not in shown()
    finally:
        app.close()
        store.close()

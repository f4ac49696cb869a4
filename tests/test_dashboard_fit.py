"""The facilitator's dashboard draws every text whole, at the smallest supported window with
the largest type, at the window it opens in on a 1280x800 screen, and at 1920x1080: the big
timer shrinks to fit ("no timer" whole), and longer texts wrap instead of ending in "…"."""

from __future__ import annotations

import pytest

from pmsim.analysis import POLICIES, play
from pmsim.catalog import load, resolve
from pmsim.engine import record
from pmsim.ui.app import App
from pmsim.ui.scenes.dashboard import DashboardScene
from pmsim.ui.settings import Settings
from pmsim.workshop.service import Workshop
from pmsim.workshop.store import Store


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800), (1920, 1080)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("minutes", [None, 8], ids=["no-timer", "timer"])
def test_no_text_on_the_dashboard_is_cut(tmp_path, monkeypatch, size, minutes) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    store = Store(tmp_path / "w.sqlite3")
    ws = Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), 7,
                         code="ROOM42", round_minutes=minutes)
    scenario = load("tutorial").scenario
    for i, name in enumerate(["Falcons", "Otters with a long name", "Team Ada"]):
        ws.import_replay(name, record(play(scenario, 7, POLICIES[list(POLICIES)[i]])))
    ws.join("ROOM42", "Late joiners")
    app = App(Settings(width=size[0], height=size[1], text_scale=1.4),
              save_dir=tmp_path / "saves", config_dir=tmp_path / "config")
    try:
        app.reset(DashboardScene(app, ws, "192.168.100.200:8765"))
        app.draw()
        texts = [r.text for r in app.theme.records]
        assert "no timer" in texts if minutes is None else "24:00" in texts
        cut = [t for t in texts if "…" in t]
        assert not cut, f"cut at {size}: {cut}"
        shown = " ".join(texts)
        timer = ("No minutes per round were set" if minutes is None
                 else "Timer not started (press S)")
        assert f"{timer}. Teams should be on sprint 1 of 3." in shown, "the note, whole"
        window = app.window.get_surface().get_rect()
        assert all(window.contains(r.rect) for r in app.theme.records)
    finally:
        app.close()
        store.close()

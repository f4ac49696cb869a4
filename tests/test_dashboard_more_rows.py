"""The dashboard's leaderboard, like its Teams list, ends in "+ N more" when the room has more
teams than the window shows, at the smallest window with projector type and at 1920x1080."""

from __future__ import annotations

import re

import pytest

from pmsim.catalog import resolve
from pmsim.ui.app import App
from pmsim.ui.scenes.dashboard import DashboardScene
from pmsim.ui.settings import Settings
from pmsim.workshop.service import Workshop
from pmsim.workshop.store import Store

CODE = "MOREQ7"
EMPTY = {"build": [], "discover": [], "answers": {}}


def _room(tmp_path, count: int) -> tuple[Store, Workshop]:
    store = Store(tmp_path / "w.sqlite3")
    ws = Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), 7,
                         code=CODE, round_minutes=8)
    names = ["Otters with a rather long name"] + [f"Team {n}" for n in range(2, count + 1)]
    for index, name in enumerate(names):
        secret = ws.join(CODE, name)["secret"]
        for number in range(1, 1 + index % 3):  # a board in several orders, not joining's
            ws.submit(CODE, name, number, EMPTY, secret=secret, enforce_open_round=False)
    return store, ws


def _leaderboard_lines(app: App) -> list[tuple[int, str]]:
    """(top, text) of what the leaderboard column drew, top to bottom, scores left out."""
    records = app.theme.records
    head = next(r for r in records if r.text == "Leaderboard")
    lines = [(r.rect.top, r.text) for r in records
             if r.rect.left == head.rect.left and r.rect.top > head.rect.top]
    return sorted(lines)


@pytest.mark.parametrize("size", [(1024, 640), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_leaderboard_says_how_many_teams_it_leaves_off(tmp_path, monkeypatch,
                                                           size) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    store, ws = _room(tmp_path, 30)
    app = App(Settings(width=size[0], height=size[1], text_scale=1.4),
              save_dir=tmp_path / "saves", config_dir=tmp_path / "config")
    try:
        scene = DashboardScene(app, ws, "192.168.100.200:8765")
        app.reset(scene)
        app.draw()
        lines = _leaderboard_lines(app)
        ranks = [int(m.group(1)) for _, text in lines if (m := re.match(r"(\d+)\. ", text))]
        assert ranks == list(range(1, len(ranks) + 1)) and 0 < len(ranks) < 30
        assert lines[-1][1] == f"+ {30 - ranks[-1]} more", lines
        more = next(r for r in app.theme.records if r.text == lines[-1][1]
                    and r.rect.top == lines[-1][0])
        buttons = min(b.rect.top for b in scene.buttons)
        assert more.rect.bottom <= buttons, "the line sits above the buttons"
        window = app.window.get_surface().get_rect()
        assert all(window.contains(r.rect) for r in app.theme.records)
    finally:
        app.close()
        store.close()


def test_a_board_that_fits_has_no_more_line(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    store, ws = _room(tmp_path, 3)
    app = App(Settings(width=1024, height=640, text_scale=1.4),
              save_dir=tmp_path / "saves", config_dir=tmp_path / "config")
    try:
        app.reset(DashboardScene(app, ws, "192.168.100.200:8765"))
        app.draw()
        texts = [text for _, text in _leaderboard_lines(app)]
        assert not [t for t in texts if t.startswith("+ ")]
        assert sum(1 for t in texts if re.match(r"\d+\. ", t)) == 3
    finally:
        app.close()
        store.close()

"""The dashboard gives a team at most two lines, in the Teams list and on the leaderboard: an
ordinary name wraps and is read whole, one that needs more is cut with "…" (a 40-letter first
team once pushed every team off the list, leaving "Teams (12)" and "+ 12 more"), and the
leaderboard says how far an unfinished team has got ("2/3"), since it ranks teams by rounds
played before score. tests/test_dashboard_fit.py holds that ordinary names are never cut."""

from __future__ import annotations

import itertools
import re

import pytest

from pmsim.analysis import POLICIES, play
from pmsim.catalog import load, resolve
from pmsim.engine import record
from pmsim.ui.app import App
from pmsim.ui.scenes.dashboard import DashboardScene
from pmsim.ui.settings import Settings
from pmsim.ui.theme import TextRecord
from pmsim.workshop.service import Workshop
from pmsim.workshop.store import Store

CODE = "LONGQ7"
EMPTY = {"build": [], "discover": [], "answers": {}}
LONG = "WWWWWWWWWWWWWWWWWWWW WWWWWWWWWWWWWWWWWWW"  # 40 characters, the most a name may have


def _room(tmp_path) -> tuple[Store, Workshop]:
    """12 teams: the long name first (no round played), one finished game, and ten teams one
    or two rounds in."""
    store = Store(tmp_path / "w.sqlite3")
    ws = Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), 7,
                         code=CODE, round_minutes=8)
    ws.join(CODE, LONG)
    scenario = load("tutorial").scenario
    ws.import_replay("Finished", record(play(scenario, 7, POLICIES[next(iter(POLICIES))])))
    for n in range(3, 13):
        secret = ws.join(CODE, f"Team {n}")["secret"]
        for number in range(1, 1 + 1 + n % 2):
            ws.submit(CODE, f"Team {n}", number, EMPTY, secret=secret,
                      enforce_open_round=False)
    return store, ws


def _column(records: list[TextRecord], heading: str) -> list[TextRecord]:
    """What was drawn below `heading`, starting at its left edge, top to bottom."""
    head = next(r for r in records if r.text.startswith(heading))
    return sorted((r for r in records if r.rect.left == head.rect.left
                   and r.rect.top > head.rect.top), key=lambda r: r.rect.top)


def _beside(records: list[TextRecord], row: TextRecord, right: int) -> list[str]:
    """The other texts on the line of `row`, to its right and left of `right`, left to
    right."""
    return [r.text for r in sorted(records, key=lambda r: r.rect.left)
            if row.rect.right <= r.rect.left < right and r.rect.top < row.rect.bottom
            and r.rect.bottom > row.rect.top]


@pytest.mark.parametrize("size", [(1024, 640), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_long_name_takes_two_lines_at_most_and_every_row_says_where_its_team_is(
        tmp_path, monkeypatch, size) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    store, ws = _room(tmp_path)
    app = App(Settings(width=size[0], height=size[1], text_scale=1.4),
              save_dir=tmp_path / "saves", config_dir=tmp_path / "config")
    try:
        scene = DashboardScene(app, ws, "192.168.100.200:8765")
        app.reset(scene)
        app.draw()
        records = app.theme.records
        line = app.theme.line_height("title")

        # the Teams list: the long name first, in two lines at most, cut; the others follow
        teams = _column(records, "Teams (12)")
        more = [r for r in teams if r.text.startswith("+ ")]
        rows = [r for r in teams if r not in more]
        assert [b.rect.top - a.rect.top for a, b in itertools.pairwise(rows)] == \
            [line] * (len(rows) - 1), "no gaps"
        long_rows = [r for r in rows if r.text.startswith("W") or "…" in r.text][:2]
        assert len(long_rows) <= 2 and long_rows[-1].text.endswith("…: round 1"), \
            [r.text for r in long_rows]
        listed = [r for r in rows if r.text.startswith(("Team ", "Finished"))]
        assert len(listed) >= 2, [r.text for r in teams]
        shown = 1 + len(listed) + (int(more[0].text.split()[1]) if more else 0)
        assert shown == 12, "every team is listed or counted in '+ N more'"
        assert size != (1920, 1080) or not more, "a full-HD projector lists all twelve"

        # the leaderboard: the order said once, each row one line with how far it has got
        board = _column(records, "Leaderboard")
        assert board[0].text == "most sprints played first"
        ranked = [r for r in board if re.match(r"\d+\. ", r.text)]
        assert len(ranked) >= 3
        tall = app.theme.line_height("title", True)
        assert all(b.rect.top - a.rect.top in (tall, 2 * tall)
                   for a, b in itertools.pairwise(ranked)), "one or two lines a team"
        expected = ws.leaderboard()
        for rank, (row, team) in enumerate(zip(ranked, expected, strict=False), start=1):
            name = row.text.removeprefix(f"{rank}. ")
            assert team["team"].startswith(name.removesuffix("…")), (row.text, team["team"])
            where = [] if team["over"] else [f"{team['rounds_done']}/3"]
            assert _beside(records, row, size[0]) == [*where, f"{team['score']:.1f}"], row.text
        assert ranked[0].text == "1. Finished"

        window = app.window.get_surface().get_rect()
        assert all(window.contains(r.rect) for r in records)
        for index, a in enumerate(records):
            overlaps = [b.text for b in records[index + 1:] if a.rect.colliderect(b.rect)]
            assert not overlaps, (a.text, overlaps)
    finally:
        app.close()
        store.close()

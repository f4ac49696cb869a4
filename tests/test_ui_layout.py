"""Every scene renders at the smallest and largest supported sizes, at every text scale that
matters, with no text outside the window and no two pieces of text on top of each other.

Measured from the rectangles the theme records for every piece of text it draws.
"""

from __future__ import annotations

import pytest
from conftest import load_text
from ui_fixtures import LONG_TITLE, many_cards_yaml

from pmsim.catalog import load
from pmsim.play.actions import Commit, Discover
from pmsim.play.session import GameSession
from pmsim.ui.app import App
from pmsim.ui.scenes.board import BoardScene
from pmsim.ui.scenes.briefing import BriefingScene
from pmsim.ui.scenes.confirm import ConfirmScene
from pmsim.ui.scenes.debrief import DebriefScene
from pmsim.ui.scenes.pause import PauseScene
from pmsim.ui.scenes.picker import PickerScene
from pmsim.ui.scenes.results import ResultsScene
from pmsim.ui.scenes.settings import SettingsScene
from pmsim.ui.scenes.title import TitleScene
from pmsim.ui.scenes.whatif import WhatIfScene
from pmsim.ui.settings import Settings
from pmsim.ui.theme import TEXT_SCALES

SIZES = [(1024, 640), (1280, 720), (1920, 1080)]
SCALES = list(TEXT_SCALES)


@pytest.fixture(params=[(s, k) for s in SIZES for k in SCALES],
                ids=lambda p: f"{p[0][0]}x{p[0][1]}-text{p[1]}")
def app(request, tmp_path, monkeypatch):
    (width, height), scale = request.param
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    application = App(Settings(width=width, height=height, text_scale=scale),
                      save_dir=tmp_path / "saves", config_dir=tmp_path / "config")
    yield application
    application.close()


def check_text(app: App) -> list:
    """Draw a frame; return the text records, after asserting they fit and do not overlap
    and that every button's label is whole (or, on the board, in full on hover and focus)."""
    app.draw()
    check_buttons(app)
    app.draw()
    width, height = app.size
    records = app.theme.records
    assert records, "the scene drew no text"
    bounds = [r for r in records if not (r.rect.left >= 0 and r.rect.top >= 0
                                         and r.rect.right <= width and r.rect.bottom <= height)]
    assert not bounds, f"text outside the {width}x{height} window: {bounds[:3]}"
    starts = [start for _, start in app.layers] + [len(records)]
    for layer in range(len(app.layers)):
        mine = records[starts[layer]:starts[layer + 1]]
        for i, a in enumerate(mine):
            for b in mine[i + 1:]:
                if a.rect.colliderect(b.rect) and a.text and b.text:
                    pytest.fail(f"text overlaps in {app.layers[layer][0]}: "
                                f"{a.text[:40]!r} {a.rect} and {b.text[:40]!r} {b.rect}")
    return records


def check_buttons(app: App) -> None:
    """Every button of the top scene shows its whole label, or its full text on hover and on
    keyboard focus (the board's controls, cut short in a narrow panel)."""
    import pygame

    scene = app.top
    buttons = [b for b in getattr(scene, "buttons", []) if b.rect.width > 0]
    for button in buttons:
        label = button.label
        inside = [r.text for r in app.theme.records if button.rect.contains(r.rect)]
        if label in inside:
            continue
        assert isinstance(scene, BoardScene), f"{scene.name}: {label!r} shows as {inside}"
        scene.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=button.rect.center,
                                        rel=(0, 0), buttons=(0, 0, 0)))
        app.draw()
        hover = " ".join(r.text for r in app.theme.records)
        scene.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=(-1, -1), rel=(0, 0),
                                        buttons=(0, 0, 0)))
        focus, scene.focus = scene.focus, scene.buttons.index(button)
        app.draw()
        focused = " ".join(r.text for r in app.theme.records)
        scene.focus = focus
        plain = label.removeprefix("• ")
        assert plain in hover and plain in focused, f"{label!r}: not in full on hover/focus"


def session(app: App, scenario=None, seed: int = 2) -> GameSession:
    scenario = scenario or load("tutorial").scenario
    return GameSession.start(scenario, "tutorial", seed, app.save_dir)


def test_title(app) -> None:
    app.reset(TitleScene(app))
    check_text(app)


def test_picker(app) -> None:
    app.reset(PickerScene(app))
    check_text(app)


def test_briefing(app) -> None:
    app.reset(BriefingScene(app, session(app)))
    check_text(app)


def test_board_and_its_overlays(app) -> None:
    s = session(app)
    board = BoardScene(app, s)
    app.reset(board)
    for rid in ("double-booking", "db-upgrade", "sms-reminders", "branded-app"):
        s.perform(Commit(rid))
    s.perform(Discover("branded-app", s.planner.view.methods[0].id))
    board.refresh()
    check_text(app)
    app.push(ConfirmScene(app, s))
    check_text(app)
    app.pop()
    app.push(PauseScene(app, s))
    check_text(app)


def test_board_with_forty_cards_and_a_300_character_title(app) -> None:
    scenario = load_text(many_cards_yaml(40)).scenario
    assert scenario is not None and len(scenario.requests[0].title) == 300
    s = session(app, scenario)
    board = BoardScene(app, s)
    app.reset(board)
    records = check_text(app)
    card = board.card_rect(0)
    title_lines = [r for r in records if r.rect.colliderect(card) and LONG_TITLE[:10] in r.text]
    assert title_lines and all(card.contains(r.rect) for r in title_lines)
    board.select(39)  # scroll to the last card: still no overlap
    check_text(app)


def test_results_and_debrief(app) -> None:
    s = session(app, seed=4)
    s.perform(Commit("double-booking"))
    report = s.end_round()
    results = ResultsScene(app, s, report)
    app.reset(results)
    results.progress = 1.0
    check_text(app)
    while not s.game.over:
        s.end_round()
    debrief = app.reset(DebriefScene(app, s, samples=3))
    check_text(app)  # with the comparison's progress bar
    assert isinstance(debrief, DebriefScene) and debrief.wait(60)
    check_text(app)
    app.push(WhatIfScene(app, s))
    check_text(app)


def test_settings(app) -> None:
    app.reset(SettingsScene(app))
    check_text(app)


def test_diagnostics_of_a_broken_scenario(app) -> None:
    from conftest import BASE

    from pmsim.ui.scenes.diagnostics import DiagnosticsScene

    broken = BASE.replace("rounds: 3", "rounds: three").replace("asked_by: sam", "asked_by: x")
    app.reset(DiagnosticsScene(app, load_text(broken, "/some/long/path/to/broken.yaml")))
    check_text(app)


def test_board_tooltips_stay_inside_the_window(app) -> None:
    import pygame

    s = session(app)
    board = BoardScene(app, s)
    app.reset(board)
    width, height = app.size
    for pos in [(width - 5, 5), (width - 5, 60), (10, height // 3), (width // 2, height // 4)]:
        board.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0),
                                        buttons=(0, 0, 0)))
        app.draw()
        for record in app.theme.records:
            assert app.window.get_surface().get_rect().contains(record.rect), record


def test_workshop_dashboard_and_room_debrief(app, tmp_path) -> None:
    from pmsim.analysis import POLICIES, play
    from pmsim.catalog import resolve
    from pmsim.engine import record
    from pmsim.ui.scenes.dashboard import DashboardScene
    from pmsim.ui.scenes.room_debrief import RoomDebriefScene
    from pmsim.workshop.service import Workshop
    from pmsim.workshop.store import Store

    store = Store(tmp_path / "w.sqlite3")
    ws = Workshop.create(store, resolve("tutorial").read_text(encoding="utf-8"), 7,
                         code="ROOM42", round_minutes=8)
    scenario = load("tutorial").scenario
    for i, name in enumerate(["Falcons", "Otters with a long team name really",
                              "Team Ada", "Blue Harbour", "North", "South", "Owls", "Lynx"]):
        policy = list(POLICIES)[i % len(POLICIES)]
        ws.import_replay(name, record(play(scenario, 7, POLICIES[policy])))
    ws.join("ROOM42", "Late joiners")
    ws.start_timer()
    app.reset(DashboardScene(app, ws, "192.168.100.200:8765"))
    records = check_text(app)
    assert any("ROOM42" in r.text for r in records)
    app.push(RoomDebriefScene(app, ws))
    check_text(app)
    store.close()


def test_every_line_of_the_selected_card_is_readable_by_scrolling(app) -> None:
    import pygame

    from pmsim.play.lines import request_lines

    s = session(app, load("discovery").scenario)
    first = s.view.open_requests[0]
    for method in first.discovery_left:
        s.perform(Discover(first.id, method))
    s.end_round()
    board = BoardScene(app, s)
    app.reset(board)
    board.select(next(i for i, r in enumerate(board.cards) if r.id == first.id))
    assert board.current is not None and board.current.evidence
    area = board.panel_text.area
    seen: set[str] = set()
    while True:
        check_text(app)
        seen |= {r.text for r in app.theme.records if area.contains(r.rect)}
        if board.panel_text.scroll >= board.panel_text.max_scroll:
            break
        board.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_PAGEDOWN, mod=0,
                                        unicode="", scancode=0))
    width = board.panel_text.text_width(app.theme)
    for line in request_lines(board.current, board.view):
        for part in app.theme.wrapped(line.text, width, line.size.value, line.bold):
            assert part in seen, f"never shown whole: {part!r}"

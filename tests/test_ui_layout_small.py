"""Windows smaller than any layout can use (X11 without a window manager, or a tiling one, does
not enforce the minimum size): the game shows why and what to do, never raises, and keeps the
plan. From 1x1 up, at the smallest and largest text, on every scene."""

from __future__ import annotations

import pygame
import pytest

from pmsim.catalog import load
from pmsim.play.actions import Commit
from pmsim.play.session import GameSession
from pmsim.ui.app import App
from pmsim.ui.scenes.board import BoardScene
from pmsim.ui.settings import Settings

SMALL_SIZES = [(1, 1), (2, 3), (40, 20), (120, 90), (350, 250), (400, 300), (640, 400),
               (800, 500), (1023, 639)]


@pytest.fixture(params=[0.85, 1.4], ids=lambda s: f"text{s}")
def app(request, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    application = App(Settings(text_scale=request.param), save_dir=tmp_path / "saves",
                      config_dir=tmp_path / "config")
    application.window.minimum_size = (1, 1)  # as a window manager that ignores it would
    yield application
    application.close()


def resize(app: App, size: tuple[int, int]) -> None:
    app.window.size = size
    app.step([pygame.event.Event(pygame.WINDOWSIZECHANGED, x=size[0], y=size[1])])


def session(app: App) -> GameSession:
    return GameSession.start(load("tutorial").scenario, "tutorial", 2, app.save_dir)


def scenes(app: App):
    """Every scene a player reaches in a game, one after another."""
    s = session(app)
    yield app.reset("title")
    yield app.reset("picker")
    yield app.reset("settings")
    yield app.reset("briefing", s)
    board = app.reset("board", s)
    yield board
    yield app.push("confirm", s)
    app.pop()
    yield app.push("pause", s)
    app.pop()
    report = s.end_round()
    yield app.reset("results", s, report)
    while not s.over:
        s.end_round()
    yield app.reset("debrief", s)
    yield app.push("whatif", s)


def keys(app: App) -> None:
    for k in (pygame.K_TAB, pygame.K_DOWN, pygame.K_RIGHT, pygame.K_PAGEDOWN, pygame.K_END):
        app.step([pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)])


def test_every_scene_at_every_small_size_draws_without_raising(app) -> None:
    for scene in scenes(app):
        for size in SMALL_SIZES:
            resize(app, size)
            app.draw()
            assert app.window_size == size
            keys(app)
            app.step([pygame.event.Event(pygame.MOUSEMOTION, pos=(size[0] // 2, size[1] // 2),
                                         rel=(0, 0), buttons=(0, 0, 0))])
            app.draw()
        resize(app, app.needed)
        assert not app.too_small, scene.name
        if isinstance(scene, BoardScene):  # no tooltip, which lies over text by design
            scene.focus, scene.mouse = -1, (-1, -1)
        app.draw()
        width, height = app.window_size
        outside = [r for r in app.theme.records
                   if not pygame.Rect(0, 0, width, height).contains(r.rect)]
        assert not outside, f"{scene.name} at {app.needed}: {outside[:2]}"
        if isinstance(scene, BoardScene):  # the smallest board still shows a card and text
            assert scene.cards_area.height >= scene.layout.card_h
            assert scene.panel_text.area.height >= 2 * app.theme.line_height()
        layers = [start for _, start in app.layers] + [len(app.theme.records)]
        mine = app.theme.records[layers[-2]:]
        for i, a in enumerate(mine):
            for b in mine[i + 1:]:
                assert not (a.text and b.text and a.rect.colliderect(b.rect)), (
                    f"{scene.name} at {app.needed}: {a.text[:30]!r} over {b.text[:30]!r}")


def test_400_by_300_shows_the_too_small_screen_and_says_what_to_do(app) -> None:
    app.reset("title")
    resize(app, (400, 300))
    assert app.too_small
    app.draw()
    said = " ".join(r.text for r in app.theme.records)
    assert "too small" in said and "400×300" in said
    assert "Ctrl+minus" in said
    need_w, need_h = app.needed
    assert f"{need_w}×{need_h}" in said
    assert need_w > 400 and need_h > 300


def test_a_plan_survives_a_window_shrunk_below_the_minimum_and_back(app) -> None:
    s = session(app)
    board = app.reset("board", s)
    s.perform(Commit("double-booking"))
    board.refresh()
    resize(app, (350, 250))
    app.draw()
    # a click on the too-small screen lands nowhere in the hidden board
    app.step([pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(100, 100), button=1),
              pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(100, 100), button=1)])
    resize(app, (1280, 720))
    assert app.top is board and not app.too_small
    assert s.planner.draft.build == ("double-booking",)
    app.draw()
    assert any("points planned" in r.text for r in app.theme.records)


def test_ctrl_minus_makes_the_text_smaller_so_a_small_window_fits_again(app) -> None:
    app.reset("title")
    resize(app, (900, 560))
    start = app.settings.text_scale
    for _ in range(4):
        app.step([pygame.event.Event(pygame.KEYDOWN, key=pygame.K_MINUS,
                                     mod=pygame.KMOD_LCTRL, unicode="-", scancode=0)])
    assert app.settings.text_scale == 0.85
    assert not app.too_small
    if start == 1.4:
        assert app.theme.scale == 0.85
    app.step([pygame.event.Event(pygame.KEYDOWN, key=pygame.K_EQUALS,
                                 mod=pygame.KMOD_LCTRL, unicode="=", scancode=0)])
    assert app.settings.text_scale == 1.0


def test_changing_the_text_size_does_not_resize_the_window(app) -> None:
    app.reset("title")
    resize(app, (900, 560))
    app.step([pygame.event.Event(pygame.KEYDOWN, key=pygame.K_MINUS, mod=pygame.KMOD_LCTRL,
                                 unicode="-", scancode=0)])
    assert app.window_size == (900, 560)

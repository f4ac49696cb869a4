"""Keyboard focus and keys, the file box, and settings that follow the window: real events
posted to real scenes, and what they do and draw."""

from __future__ import annotations

import pygame
import pytest

from pmsim.catalog import load, resolve
from pmsim.play.session import GameSession
from pmsim.ui.app import App
from pmsim.ui.scenes.board import BoardScene
from pmsim.ui.scenes.briefing import BriefingScene
from pmsim.ui.scenes.picker import PickerScene
from pmsim.ui.scenes.settings import SettingsScene
from pmsim.ui.settings import Settings


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    application = App(Settings(width=1280, height=720), save_dir=tmp_path / "saves",
                      config_dir=tmp_path / "config")
    yield application
    application.close()


def key(k: int, mod: int = 0, text: str = "") -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=text, scancode=0)


def typed(text: str) -> pygame.event.Event:
    return pygame.event.Event(pygame.TEXTINPUT, text=text)


def session(app: App) -> GameSession:
    return GameSession.start(load("tutorial").scenario, "tutorial", 3, app.save_dir)


def test_enter_on_the_briefing_starts_the_game(app) -> None:
    app.reset(BriefingScene(app, session(app)))
    app.step([key(pygame.K_RETURN)])
    assert isinstance(app.top, BoardScene)


def test_enter_in_the_picker_acts_on_the_focused_control(app) -> None:
    picker = app.reset(PickerScene(app, seed=1))
    assert isinstance(picker, PickerScene)
    app.step([key(pygame.K_TAB)])  # from Start round to Back
    app.step([key(pygame.K_TAB)])  # Open file…
    assert picker.focus.focused(picker.buttons).label.startswith("Open file")
    app.step([key(pygame.K_RETURN)])
    assert isinstance(app.top, PickerScene) and picker.typing
    app.step([key(pygame.K_ESCAPE)])
    assert not picker.typing
    app.step([key(pygame.K_TAB)])  # Start again
    app.step([key(pygame.K_RETURN)])
    assert isinstance(app.top, BriefingScene)


def test_alt_enter_toggles_fullscreen_and_never_acts_as_enter(app) -> None:
    s = session(app)
    board = app.reset(BoardScene(app, s))
    assert isinstance(board, BoardScene)
    before = s.planner.draft
    app.step([key(pygame.K_RETURN, pygame.KMOD_LALT)])
    assert s.planner.draft == before
    assert app.settings.fullscreen
    app.step([key(pygame.K_RETURN, pygame.KMOD_RALT)])
    assert not app.settings.fullscreen and s.planner.draft == before


def test_f11_toggles_fullscreen_in_any_scene(app) -> None:
    app.reset("title")
    app.step([key(pygame.K_F11)])
    assert app.settings.fullscreen
    app.step([key(pygame.K_F11)])
    assert not app.settings.fullscreen


def test_the_window_setting_follows_a_resize(app) -> None:
    settings = app.reset(SettingsScene(app))
    app.window.size = (1111, 777)
    app.step([pygame.event.Event(pygame.WINDOWSIZECHANGED, x=1111, y=777)])
    assert isinstance(settings, SettingsScene)
    assert any(b.label == "Window: 1111×777" for b in settings.buttons)
    app.draw()
    assert any("1111×777" in r.text for r in app.theme.records)


def test_a_resized_window_opens_at_that_size_next_time(tmp_path, monkeypatch) -> None:
    from pmsim.ui.settings import load as load_settings

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    app = App(Settings(), save_dir=tmp_path / "s", config_dir=tmp_path / "c")
    app.reset("title")
    app.window.size = (1300, 800)
    app.step([pygame.event.Event(pygame.WINDOWSIZECHANGED, x=1300, y=800)])
    app.close()
    kept = load_settings(tmp_path / "c")
    assert (kept.width, kept.height) == (1300, 800)


def open_box(app: App) -> PickerScene:
    picker = app.reset(PickerScene(app, seed=1))
    assert isinstance(picker, PickerScene)
    picker.open_file()
    return picker


def test_paste_a_quoted_path_into_open_file(app, tmp_path) -> None:
    scenario = tmp_path / "my scenario.yaml"
    scenario.write_text(resolve("tutorial").read_text(encoding="utf-8"), encoding="utf-8")
    picker = open_box(app)
    pygame.scrap.put_text(f'"{scenario}"\n')
    app.step([key(pygame.K_v, pygame.KMOD_LCTRL)])
    assert picker.typed.strip('" ') == str(scenario)
    app.step([key(pygame.K_RETURN)])
    assert not picker.typing
    assert picker.current.path == scenario and picker.current.scenario is not None
    assert picker.message == ""


def test_single_quotes_are_stripped_too_and_a_missing_file_is_named(app, tmp_path) -> None:
    picker = open_box(app)
    app.step([typed(f"'{tmp_path / 'nowhere.yaml'}'"), key(pygame.K_RETURN)])
    assert picker.message == f"No file at {tmp_path / 'nowhere.yaml'}"


def test_a_long_path_keeps_the_cursor_in_sight_and_nothing_overlaps(app) -> None:
    picker = open_box(app)
    long_path = "/home/learner/" + "very-long-folder-name/" * 30 + "scenario.yaml"
    app.step([typed(long_path)])
    app.draw()
    records = app.theme.records
    shown = [r for r in records if r.text.endswith("|")]
    assert shown and shown[0].text.endswith("scenario.yaml|") and shown[0].text[0] == "…"
    assert shown[0].rect.right <= app.size[0]
    label = next(r for r in records if r.text.startswith("Path of a scenario file"))
    body = [r for r in records if picker.body.contains(r.rect)]
    assert body and all(r.rect.bottom <= label.rect.top for r in body)
    for i, a in enumerate(records):
        for b in records[i + 1:]:
            assert not a.rect.colliderect(b.rect), (a.text[:30], b.text[:30])


def test_a_window_nobody_resized_leaves_the_saved_settings_alone(tmp_path, monkeypatch) -> None:
    from pmsim.ui.settings import path as settings_path

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    app = App(Settings(width=1920, height=1080), save_dir=tmp_path / "s",
              config_dir=tmp_path / "c")
    app.reset("title")
    app.step([pygame.event.Event(pygame.WINDOWSIZECHANGED, x=1920, y=1080)])
    app.close()
    assert not settings_path(tmp_path / "c").exists()

"""Capture mode: the real scenes, driven by a policy instead of a human, with a screenshot of
every distinct screen. For tests, for the docs, and for looking at what we built.

`--size WxH` and `--text-scale S` give the window size and text size to capture at (any size
from 1x1, to see how the game degrades; the text sizes a player can choose). A page longer
than the window (results, debrief) is captured page by page, scrolled with Page Down as a
player would. Capture mode never changes the player's saved settings, nor their saved game or
results history: the bot's game is kept in a folder of its own, deleted when the capture ends.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pygame

from .. import catalog
from ..analysis.policies import decider
from ..engine import Decision
from ..play import actions
from ..play.planner import Planner
from .app import App
from .capture_options import MAX_PAGES
from .scenes.base import PageScene
from .scenes.board import BoardScene
from .theme import PALETTES, Theme


def plan_actions(decision: Decision, planner: Planner) -> list[actions.PlanAction]:
    """The plan actions a player would take to enter `decision` on a fresh board."""
    out: list[actions.PlanAction] = [actions.Uncommit(rid) for rid in planner.draft.build
                                     if rid not in decision.build]
    out += [actions.Commit(rid) for rid in decision.build
            if rid not in planner.draft.build and not planner.view.request(rid).forced]
    out += [actions.Discover(rid, method) for rid, method in decision.discover]
    out += [actions.Answer(rid, answer) for rid, answer in decision.answers.items()]
    return out


def apply(board: BoardScene, decision: Decision) -> None:
    """Enter a decision on the board the way a player would: one plan action at a time."""
    for action in plan_actions(decision, board.planner):
        board.perform(action)
    board.refresh()


def configure(app: App, size: tuple[int, int] | None, text_scale: float | None) -> None:
    """Lay the app out at `size` (pixels) and `text_scale`, without saving either as the
    player's settings (a window manager could shrink a real window the same way)."""
    if text_scale is not None:
        app.settings = dataclasses.replace(app.settings, text_scale=text_scale)
        app.theme = Theme(PALETTES[app.settings.palette], text_scale)
    if size is not None:
        app.window.minimum_size = (1, 1)
        app.window.size = size
        app.window_resized()
        app.size_changed = False
    for scene in app.stack:
        scene.resize(app.size)
    app.dirty = True


def page_down(app: App) -> bool:
    """Press Page Down on the top scene, as a player would; whether the page moved."""
    scene = app.top
    before = scene.scroll if isinstance(scene, PageScene) else None
    app.step([pygame.event.Event(pygame.KEYDOWN, key=pygame.K_PAGEDOWN, mod=0,
                                 unicode="", scancode=0)])
    return isinstance(scene, PageScene) and scene.scroll != before


def capture(app: App, reference: str, seed: int, policy: str, folder: Path,
            size: tuple[int, int] | None = None, text_scale: float | None = None
            ) -> list[Path]:
    """Play `reference` (a bundled id or a file) with `policy` on the real scenes and save a
    PNG of each screen in `folder` (made if missing): title, picker, briefing, every round's
    board and results, pause, settings, the end-of-round dialog and every page of the debrief.
    Returns the paths, numbered in the order taken. In a window too small for the game
    (`app.too_small`) every screen is the same notice: one shot of it is taken, and no more.
    The player's saved game and results history are not touched (see `App.saving_apart`)."""
    with app.saving_apart("pmsim-capture-"):
        return _capture(app, reference, seed, policy, folder, size, text_scale)


def _capture(app: App, reference: str, seed: int, policy: str, folder: Path,
             size: tuple[int, int] | None, text_scale: float | None) -> list[Path]:
    from .scenes.briefing import BriefingScene
    from .scenes.confirm import ConfirmScene
    from .scenes.debrief import DebriefScene
    from .scenes.pause import PauseScene
    from .scenes.picker import PickerScene, _entry
    from .scenes.results import ResultsScene
    from .scenes.settings import SettingsScene
    from .scenes.title import TitleScene

    folder.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []

    def shot(name: str) -> None:
        path = folder / f"{len(shots) + 1:02d}-{name}.png"
        app.screenshot(path)
        shots.append(path)

    def pages(name: str) -> None:
        """Every page of a scrolling scene: the top, then one shot per Page Down."""
        shot(name)
        for number in range(2, MAX_PAGES + 1):
            if not page_down(app):
                break
            shot(f"{name}-page{number}")

    path = catalog.resolve(reference)
    app.reset(TitleScene(app))
    configure(app, size, text_scale)
    if app.too_small:
        shot("too-small")
        return shots
    shot("title")
    picker = PickerScene(app, seed=seed)
    app.push(picker)
    target = path.resolve()
    index = next((i for i, e in enumerate(picker.entries) if e.path.resolve() == target), None)
    if index is None:
        picker.entries.append(_entry(path))
        index = len(picker.entries) - 1
    picker.select(index)
    shot("picker")
    picker.start()
    shot("briefing")
    briefing = app.top
    assert isinstance(briefing, BriefingScene)
    briefing.start()
    board = app.top
    assert isinstance(board, BoardScene)
    decide = decider(policy, board.session.scenario, seed)
    while True:
        board = app.top
        assert isinstance(board, BoardScene)
        round_number = board.view.round
        apply(board, decide(board.view))
        shot(f"board-{round_number}")
        if round_number == 1:
            app.push(PauseScene(app, board.session))
            shot("pause")
            app.push(SettingsScene(app))
            shot("settings")
            app.pop()
            app.pop()
        board.end_round()
        confirm = app.top
        assert isinstance(confirm, ConfirmScene)
        if round_number == 1:
            shot("confirm")
        confirm.confirm()
        results = app.top
        assert isinstance(results, ResultsScene)
        results.progress = 1.0
        pages(f"results-{round_number}")
        results.proceed()
        if board.session.game.over:
            break
    debrief = app.top
    assert isinstance(debrief, DebriefScene)
    debrief.wait()
    app.step()
    pages("debrief")
    return shots

"""Capture mode: the real scenes, driven by a policy instead of a human, with a screenshot of
every distinct screen. For tests, for the docs, and for looking at what we built."""

from __future__ import annotations

from pathlib import Path

from .. import catalog
from ..analysis.policies import decider
from ..engine import Decision
from ..play import actions
from ..play.planner import Planner
from .app import App
from .scenes.board import BoardScene


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


def capture(app: App, reference: str, seed: int, policy: str, folder: Path) -> list[Path]:
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

    path = catalog.resolve(reference)
    app.reset(TitleScene(app))
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
        shot(f"results-{round_number}")
        results.proceed()
        if board.session.game.over:
            break
    debrief = app.top
    assert isinstance(debrief, DebriefScene)
    debrief.wait()
    shot("debrief")
    return shots

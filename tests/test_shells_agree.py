"""The window and the terminal are two faces of one game: the same decisions, entered through
each shell's own input, give identical saves, round reports (as presentation lines) and
scores."""

from __future__ import annotations

import re
from pathlib import Path

import pygame
import pytest

from pmsim.analysis.policies import decider
from pmsim.catalog import load
from pmsim.engine import new_game, score
from pmsim.play import actions
from pmsim.play.answers import answer_kind
from pmsim.play.lines import Line, report_lines
from pmsim.play.session import GameSession
from pmsim.saves import autosave_path
from pmsim.terminal import render
from pmsim.terminal.play import Session
from pmsim.ui.app import App
from pmsim.ui.capture import plan_actions
from pmsim.ui.scenes.board import BoardScene
from pmsim.ui.scenes.results import ResultsScene
from pmsim.ui.settings import Settings

SEED = 5


def key(k: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)


def typed(action: actions.PlanAction, numbers: dict[str, int]) -> str:
    """The terminal command for a plan action (`numbers`: the session's request numbers)."""
    match action:
        case actions.Commit(rid) | actions.Uncommit(rid):
            return f"b {numbers[rid]}"
        case actions.Discover(rid, method):
            return f"d {numbers[rid]} {method}"
        case actions.Answer(rid, answer):
            return f"a {numbers[rid]} {answer_kind(answer).word if answer else '-'}"
    raise AssertionError(action)


def play_window(tmp_path: Path, policy: str) -> tuple[list[str], list[tuple[Line, ...]], float]:
    app = App(Settings(width=1280, height=720), save_dir=tmp_path, config_dir=tmp_path)
    try:
        session = GameSession.start(load("tutorial").scenario, "tutorial", SEED, tmp_path)
        decide = decider(policy, session.scenario, SEED)
        app.reset("board", session)
        saves, reports = [], []
        while not session.over:
            board = app.top
            assert isinstance(board, BoardScene)
            for action in plan_actions(decide(board.view), board.planner):
                board.perform(action)
            app.step([key(pygame.K_e), key(pygame.K_RETURN)])  # end, confirm
            results = app.top
            assert isinstance(results, ResultsScene)
            results.progress = 1.0
            reports.append(results.lines().all)
            saves.append(_save(tmp_path, session.over))
            app.step([key(pygame.K_RETURN)])  # next round (or the debrief)
        return saves, reports, score(session.game).total
    finally:
        app.close()


def play_terminal(tmp_path: Path, policy: str) -> tuple[list[str], list[tuple[Line, ...]],
                                                        float, str]:
    saves: list[str] = []
    reports: list[tuple[Line, ...]] = []
    shown: list[str] = []
    game = new_game(load("tutorial").scenario, SEED)
    decide = decider(policy, game.scenario, SEED)
    shell: Session
    pending: list[str] = [""]  # past the briefing

    def read(prompt: str) -> str:
        session = shell.session
        if prompt.startswith("\nPress Enter for the next"):
            reports.append(report_lines(session.last_report, session.titles,
                                        session.scenario.round_name).all)
            saves.append(_save(tmp_path, session.over))
        if not pending and prompt == "> ":
            planner = session.planner
            pending.extend(typed(a, session.numbers) for a in plan_actions(decide(planner.view),
                                                                    planner))
            pending.extend(["e", "y"])
        return pending.pop(0) if pending else ""

    shell = Session(game, "tutorial", read=read, write=shown.append, save_dir=tmp_path)
    assert shell.run() == 0
    # the last round's report is printed before the debrief, with no prompt after it
    session = shell.session
    reports.append(report_lines(session.last_report, session.titles,
                                session.scenario.round_name, last=True).all)
    saves.append(_save(tmp_path, True))
    return saves, reports, score(shell.game).total, "\n".join(shown)


def _save(folder: Path, over: bool) -> str:
    path = autosave_path(folder)
    assert path.exists() != over, "saved after every round, cleared at the end"
    return path.read_text(encoding="utf-8") if path.exists() else ""


@pytest.mark.parametrize("policy", ["rice-discover", "loudest"])
def test_the_same_decisions_give_the_same_game_in_both_shells(tmp_path, policy) -> None:
    window = play_window(tmp_path / "window", policy)
    terminal = play_terminal(tmp_path / "terminal", policy)
    w_saves, w_reports, w_score = window
    t_saves, t_reports, t_score, t_text = terminal
    assert len(w_reports) == load("tutorial").scenario.rounds
    assert w_saves == t_saves
    assert w_reports == t_reports
    assert w_score == t_score
    for lines in t_reports:  # and the terminal printed exactly those lines
        assert render.text(lines) in t_text


def test_every_report_shows_titles_never_ids(tmp_path) -> None:
    scenario = load("tutorial").scenario
    ids = {r.id for r in scenario.requests if "-" in r.id}
    _, reports, _, text = play_terminal(tmp_path, "rice-discover")
    words = " ".join(line.text for lines in reports for line in lines)
    assert not [rid for rid in ids if f"'{rid}'" in words or f" on {rid}:" in words]
    found = re.findall(r" on '([^']+)':", words)
    assert found, "rice-discover runs discovery, and the report names what it tested"
    assert set(found) <= {r.title for r in scenario.requests}
    # the terminal wraps to its width, inside a title too (at a space or after a hyphen)
    flat = "".join(text.split())
    assert all("".join(f"on '{title}'".split()) in flat for title in found)

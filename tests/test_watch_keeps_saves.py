"""Authoring mode (`pmsim play FILE --watch`) starts a game of the file, and a new one on every
save of it: the learner's paused game and results history must come through a whole authoring
session exactly as they were, and the session's own save folder must be gone afterwards."""

from __future__ import annotations

import pygame
from conftest import BASE

from pmsim.cli import main
from pmsim.play.session import GameSession
from pmsim.ui.app import App
from pmsim.ui.scenes.board import BoardScene
from pmsim.ui.scenes.pause import PauseScene
from pmsim.ui.scenes.title import TitleScene


def key(k: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)


def test_an_authoring_session_leaves_the_paused_game_and_results_as_they_were(
        player_data, tmp_path, monkeypatch) -> None:
    """The author saves the file twice (two reloads), plays a round, saves and quits to the
    title, continues (the authored game, not the learner's), plays it to the end and closes
    the window."""
    scenario = tmp_path / "mine.yaml"
    scenario.write_text(BASE, encoding="utf-8")
    before = {p.name: p.read_bytes() for p in player_data.iterdir()}
    seen: list[str] = []

    def author(app: App) -> None:
        watcher = app.watcher
        assert watcher is not None and isinstance(app.top, BoardScene)
        for number, draft in enumerate(("second", "third"), start=1):
            scenario.write_text(BASE.replace("Base scenario", f"Base scenario, {draft} draft"),
                                encoding="utf-8")
            assert watcher.poll(now=1e9 * number)
        board = app.top
        assert isinstance(board, BoardScene) and board.session.game.seed == 4
        board.session.end_round()
        app.step([key(pygame.K_ESCAPE)])
        assert isinstance(app.top, PauseScene)
        app.top.save_and_quit()
        title = app.top
        assert isinstance(title, TitleScene)
        title.resume()  # Continue carries on the authored game
        board = app.top
        assert isinstance(board, BoardScene)
        seen.append(board.session.scenario.title)
        assert board.session.view.round == 2
        while not board.session.over:
            board.session.end_round()

    monkeypatch.setattr(App, "run", author)
    assert main(["play", str(scenario), "--watch", "--seed", "4"]) == 0
    assert seen == ["Base scenario, third draft"]
    assert {p.name: p.read_bytes() for p in player_data.iterdir()} == before
    resumed = GameSession.resume()
    assert resumed is not None and resumed.scenario.id == "pressure" and resumed.view.round == 2
    assert list((tmp_path / "tmp").iterdir()) == [], "the authoring save folder is deleted"

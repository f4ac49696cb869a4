"""Closing the window mid-round loses nothing: the draft plan is saved as it changes and is
back when the game is continued."""

from __future__ import annotations

import json

import pygame
import pytest

from pmsim import saves
from pmsim.catalog import load
from pmsim.play.actions import Answer, Commit, Discover
from pmsim.play.session import GameSession
from pmsim.ui.app import App
from pmsim.ui.scenes.board import BoardScene
from pmsim.ui.settings import Settings


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    application = App(Settings(), save_dir=tmp_path / "saves", config_dir=tmp_path / "config")
    yield application
    application.close()


def click(pos) -> list[pygame.event.Event]:
    return [pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1),
            pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1)]


def test_closing_the_window_mid_round_keeps_the_plan(app) -> None:
    session = GameSession.start(load("tutorial").scenario, "tutorial", 3, app.save_dir)
    board = app.reset(BoardScene(app, session))
    assert isinstance(board, BoardScene)
    index = [r.id for r in board.cards].index("double-booking")
    app.step(click(board.toggle_rect(board.card_rect(index)).center))
    method = board.view.methods[0].id
    board.perform(Discover("branded-app", method))
    board.perform(Answer("gift-vouchers", "no"))
    draft = session.planner.draft
    assert "double-booking" in draft.build
    app.step([pygame.event.Event(pygame.WINDOWCLOSE)])
    assert not app.running

    again = GameSession.resume(app.save_dir)
    assert again is not None
    assert again.planner.draft == draft
    assert again.planner.undo_stack == []
    app.running = True
    title = app.reset("title")
    title.resume()  # type: ignore[attr-defined]
    assert isinstance(app.top, BoardScene)
    assert app.top.planner.draft == draft


def test_a_kept_draft_from_another_round_or_hand_edited_is_skipped(app) -> None:
    session = GameSession.start(load("tutorial").scenario, "tutorial", 3, app.save_dir)
    session.perform(Commit("double-booking"))
    path = saves.autosave_path(app.save_dir)
    body = json.loads(path.read_text(encoding="utf-8"))
    body["draft"]["build"] += ["no-such-request", 7, None]
    body["draft"]["answers"] = [["db-upgrade", "maybe"], ["sms-reminders", "later"], "junk"]
    path.write_text(json.dumps(body), encoding="utf-8")
    again = GameSession.resume(app.save_dir)
    assert again is not None
    assert "double-booking" in again.planner.draft.build
    assert "no-such-request" not in again.planner.draft.build
    assert again.planner.draft.answers == (("sms-reminders", "later"),)
    body["draft"]["round"] = 2
    path.write_text(json.dumps(body), encoding="utf-8")
    fresh = GameSession.resume(app.save_dir)
    assert fresh is not None and "double-booking" not in fresh.planner.draft.build

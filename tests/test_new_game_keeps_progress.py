"""Starting a new game over the game in progress asks first, in both shells: the window's
picker and `pmsim play SCENARIO` show the confirm dialog (continuing the saved game is the
default, Esc keeps it too), and `pmsim play SCENARIO --text` asks y/N (anything else, or the
end of input, keeps it). No save, a finished game or a damaged save asks nothing."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pygame
import pytest

from pmsim import saves
from pmsim.catalog import load
from pmsim.cli import main
from pmsim.commands.team import new_game_for
from pmsim.engine import new_game, play_round, record
from pmsim.play.actions import EndRound
from pmsim.play.session import GameInProgress, GameSession, game_in_progress
from pmsim.ui import launch
from pmsim.ui.app import App
from pmsim.ui.scenes.board import BoardScene
from pmsim.ui.scenes.briefing import BriefingScene
from pmsim.ui.scenes.confirm import ConfirmScene
from pmsim.ui.scenes.picker import PickerScene
from pmsim.ui.scenes.title import TitleScene


def key(k: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0)


def click(pos: tuple[int, int]) -> list[pygame.event.Event]:
    return [pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1),
            pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1)]


def paused_game(save_dir: Path | None) -> bytes:
    """A tutorial game paused in round 2 of 3 (one round played): the autosave's bytes."""
    session = GameSession.start(load("tutorial").scenario, "tutorial", 3, save_dir)
    session.perform(EndRound())
    assert session.view.round == 2
    return saves.autosave_path(save_dir).read_bytes()


def saved_scenario(save_dir: Path | None) -> str:
    body = json.loads(saves.autosave_path(save_dir).read_text(encoding="utf-8"))
    return str(body["replay"]["scenario"]["id"])


def shown(app: App) -> str:
    app.dirty = True
    app.step([])
    return " ".join(r.text for r in app.theme.records)


def press(app: App, scene: ConfirmScene, label: str) -> None:
    button = next(b for b in scene.buttons if b.label == label)
    app.step(click(button.rect.center))


# --- the description both shells use ---------------------------------------------------------


def test_the_game_in_progress_is_named_by_title_and_round(tmp_path) -> None:
    assert game_in_progress(tmp_path) is None
    paused_game(tmp_path)
    saved = game_in_progress(tmp_path)
    title = load("tutorial").scenario.title
    assert saved == GameInProgress(title, 2, 3, "sprint")
    assert str(saved) == f"{title}, sprint 2 of 3"


def test_a_finished_game_is_not_in_progress(tmp_path) -> None:
    scenario = load("tutorial").scenario
    game = new_game(scenario, 3)
    while not game.over:
        game, _ = play_round(game, GameSession(scenario, "tutorial", game).planner.decision())
    saves.write(saves.SaveGame("tutorial", record(game)), tmp_path)
    assert game_in_progress(tmp_path) is None


def test_a_damaged_save_is_moved_aside_not_a_crash(tmp_path) -> None:
    tmp_path.mkdir(exist_ok=True)
    saves.autosave_path(tmp_path).write_text("{broken", encoding="utf-8")
    assert game_in_progress(tmp_path) is None
    assert not saves.autosave_path(tmp_path).exists()
    assert (tmp_path / "autosave.damaged-1.json").read_text(encoding="utf-8") == "{broken"


def test_a_save_whose_scenario_is_gone_is_still_asked_about(tmp_path) -> None:
    paused_game(tmp_path)
    body = json.loads(saves.autosave_path(tmp_path).read_text(encoding="utf-8"))
    body["scenario_path"] = str(tmp_path / "gone.yaml")
    saves.autosave_path(tmp_path).write_text(json.dumps(body), encoding="utf-8")
    saved = game_in_progress(tmp_path)
    assert saved is not None and str(saved) == "tutorial, round 2"


# --- the window --------------------------------------------------------------------------------


def open_picker_and_start(app: App) -> None:
    """Title → New game → the picker, the discovery scenario chosen → Start (Enter)."""
    app.reset(TitleScene(app))
    app.step([key(pygame.K_RETURN)])
    picker = app.top
    assert isinstance(picker, PickerScene)
    picker.select(next(i for i, e in enumerate(picker.entries) if e.path.stem == "discovery"))
    app.step([key(pygame.K_RETURN)])


def test_the_picker_asks_and_esc_keeps_the_game_in_progress(app) -> None:
    before = paused_game(app.save_dir)
    open_picker_and_start(app)
    confirm = app.top
    assert isinstance(confirm, ConfirmScene) and confirm.replacing is not None
    text = shown(app)
    assert "A game is in progress:" in text and "sprint 2 of 3" in text
    assert confirm.focus.focused(confirm.buttons).label == "Continue saved game"
    app.step([key(pygame.K_ESCAPE)])
    assert isinstance(app.top, PickerScene)
    assert saves.autosave_path(app.save_dir).read_bytes() == before


def test_enter_in_the_question_continues_the_saved_game(app) -> None:
    before = paused_game(app.save_dir)
    open_picker_and_start(app)
    assert isinstance(app.top, ConfirmScene)
    app.step([key(pygame.K_RETURN)])
    board = app.top
    assert isinstance(board, BoardScene)
    assert board.session.scenario.id == "tutorial" and board.view.round == 2
    assert [type(s) for s in app.stack] == [TitleScene, BoardScene]
    assert saves.autosave_path(app.save_dir).read_bytes() == before


def test_confirming_starts_the_new_game_over_it(app) -> None:
    paused_game(app.save_dir)
    open_picker_and_start(app)
    confirm = app.top
    assert isinstance(confirm, ConfirmScene)
    press(app, confirm, "Start new game")
    briefing = app.top
    assert isinstance(briefing, BriefingScene)
    assert briefing.session.scenario.id == "discovery"
    assert [type(s) for s in app.stack] == [TitleScene, PickerScene, BriefingScene]
    assert saved_scenario(app.save_dir) == "discovery"


def test_without_a_game_in_progress_the_picker_starts_at_once(app) -> None:
    open_picker_and_start(app)
    assert isinstance(app.top, BriefingScene)


def launch_args(seed: int = 5) -> argparse.Namespace:
    return argparse.Namespace(watch=False, resume=False, seed=seed)


def test_play_scenario_asks_over_the_title_screen(app) -> None:
    before = paused_game(app.save_dir)
    launch.start(app, launch_args(), new_game_for("discovery"))
    confirm = app.top
    assert isinstance(confirm, ConfirmScene) and confirm.replacing is not None
    assert "sprint 2 of 3" in shown(app)
    app.step([key(pygame.K_ESCAPE)])
    title = app.top
    assert isinstance(title, TitleScene) and title.buttons[1].enabled  # Continue
    assert saves.autosave_path(app.save_dir).read_bytes() == before

    launch.start(app, launch_args(), new_game_for("discovery"))
    confirm = app.top
    assert isinstance(confirm, ConfirmScene)
    press(app, confirm, "Start new game")
    briefing = app.top
    assert isinstance(briefing, BriefingScene) and briefing.session.game.seed == 5
    assert saved_scenario(app.save_dir) == "discovery"


def test_play_scenario_without_a_save_goes_straight_in(app) -> None:
    launch.start(app, launch_args(), new_game_for("discovery"))
    assert isinstance(app.top, BriefingScene)


def test_a_save_that_cannot_be_continued_says_why_in_the_question(app, tmp_path) -> None:
    paused_game(app.save_dir)
    path = saves.autosave_path(app.save_dir)
    body = json.loads(path.read_text(encoding="utf-8"))
    body["scenario_path"] = str(tmp_path / "gone.yaml")
    path.write_text(json.dumps(body), encoding="utf-8")
    open_picker_and_start(app)
    confirm = app.top
    assert isinstance(confirm, ConfirmScene)
    app.step([key(pygame.K_RETURN)])  # Continue saved game: it cannot be
    assert app.top is confirm and confirm.problem and "scenario is gone" in confirm.problem
    press(app, confirm, "Start new game")
    assert isinstance(app.top, BriefingScene) and saved_scenario(app.save_dir) == "discovery"


# --- the terminal ------------------------------------------------------------------------------


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    """The text mode's data folder (where its autosave goes), in `tmp_path`."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return saves.autosave_path()


def play_text(monkeypatch, capsys, typed: str) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    assert main(["play", "discovery", "--text", "--seed", "5"]) == 0
    return capsys.readouterr().out


QUESTION = "A game is in progress: {title}, sprint 2 of 3. Start a new game and lose it? [y/N]"


@pytest.mark.parametrize("typed", ["n\n", "", "\n", "maybe\n"], ids=["no", "eof", "enter",
                                                                     "other"])
def test_text_mode_keeps_the_game_unless_told_yes(typed, data, monkeypatch, capsys) -> None:
    before = paused_game(None)
    out = play_text(monkeypatch, capsys, typed)
    assert QUESTION.format(title=load("tutorial").scenario.title) in out
    assert "Continue it with: pmsim play --continue --text" in out
    assert "Furrow Market" not in out  # the new game's briefing was never shown
    assert data.read_bytes() == before


def test_text_mode_yes_starts_the_new_game(data, monkeypatch, capsys) -> None:
    before = paused_game(None)
    out = play_text(monkeypatch, capsys, "y\n\nq\n")
    assert "Start a new game and lose it?" in out and "Saved." in out
    assert data.read_bytes() != before and saved_scenario(None) == "discovery"


def test_text_mode_without_a_save_asks_nothing(data, monkeypatch, capsys) -> None:
    out = play_text(monkeypatch, capsys, "\nq\n")
    assert "in progress" not in out and "Saved." in out
    assert saved_scenario(None) == "discovery"

"""Capture mode (`pmsim play --autoplay POLICY --screenshots DIR`) plays a bot's game on the real
scenes: it must leave the player's game in progress and their results history exactly as they
were, and leave no save folder of its own behind."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from pmsim import saves
from pmsim.catalog import load
from pmsim.cli import main
from pmsim.play.session import GameSession


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    """The player's data folder (XDG_DATA_HOME/pmsim), holding a finished game in the results
    history and a game of pressure paused after its first sprint; temp folders go under
    tmp_path/tmp so a left-behind one is seen."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    folder = saves.data_dir()
    assert folder == tmp_path / "data" / "pmsim"
    finished = GameSession.start(load("tutorial").scenario, "tutorial", 5)
    while not finished.over:
        finished.end_round()
    paused = GameSession.start(load("pressure").scenario, "pressure", 3)
    paused.end_round()
    assert sorted(p.name for p in folder.iterdir()) == ["autosave.json", "results.json"]
    return folder


def test_capture_leaves_the_players_saved_game_and_results_as_they_were(data, tmp_path,
                                                                         capsys) -> None:
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    shots = tmp_path / "shots"
    assert main(["play", "tutorial", "--seed", "3", "--autoplay", "rice",
                 "--screenshots", str(shots)]) == 0
    assert "screenshots in" in capsys.readouterr().out
    assert any(p.name.endswith("-debrief.png") for p in shots.iterdir()), "a whole game"
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before
    resumed = GameSession.resume()
    assert resumed is not None and resumed.scenario.id == "pressure" and resumed.view.round == 2
    assert list((tmp_path / "tmp").iterdir()) == [], "the bot's save folder is deleted"

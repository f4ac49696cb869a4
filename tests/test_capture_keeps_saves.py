"""Capture mode (`pmsim play --autoplay POLICY --screenshots DIR`) plays a bot's game on the real
scenes: it must leave the player's game in progress and their results history exactly as they
were, and leave no save folder of its own behind."""

from __future__ import annotations

from pmsim.cli import main
from pmsim.play.session import GameSession


def test_capture_leaves_the_players_saved_game_and_results_as_they_were(player_data, tmp_path,
                                                                         capsys) -> None:
    before = {p.name: p.read_bytes() for p in player_data.iterdir()}
    shots = tmp_path / "shots"
    assert main(["play", "tutorial", "--seed", "3", "--autoplay", "rice",
                 "--screenshots", str(shots)]) == 0
    assert "screenshots in" in capsys.readouterr().out
    assert any(p.name.endswith("-debrief.png") for p in shots.iterdir()), "a whole game"
    assert {p.name: p.read_bytes() for p in player_data.iterdir()} == before
    resumed = GameSession.resume()
    assert resumed is not None and resumed.scenario.id == "pressure" and resumed.view.round == 2
    assert list((tmp_path / "tmp").iterdir()) == [], "the bot's save folder is deleted"

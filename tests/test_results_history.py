"""The seven principle scores are stored with each finished game's result: in the learner's
record (results.json in the data folder) and in a team's result file."""

from __future__ import annotations

import json
from pathlib import Path

from pmsim.analysis.principles import principles
from pmsim.catalog import load
from pmsim.play import history
from pmsim.play.session import GameSession
from pmsim.scenario.models import PRINCIPLES


def play_out(tmp_path: Path, seed: int, team: str | None = None) -> GameSession:
    scenario = load("tutorial").scenario
    assert scenario is not None
    session = GameSession.start(scenario, "tutorial", seed, tmp_path, team=team)
    session.result_dir = tmp_path
    while not session.game.over:
        session.end_round()
    return session


def test_a_finished_game_is_recorded_with_its_principles(tmp_path: Path) -> None:
    first = play_out(tmp_path, 3)
    second = play_out(tmp_path, 4)
    games = history.read(tmp_path)
    assert [g["seed"] for g in games] == [3, 4]
    for session, kept in zip((first, second), games, strict=True):
        assert set(kept["principles"]) == set(PRINCIPLES)
        expected = {k: round(p.score, 1) for k, p in principles(session.game).items()}
        assert kept["principles"] == expected
        assert kept["replay"]["seed"] == session.game.seed
    assert first.save_error is None


def test_an_unfinished_game_is_not_recorded(tmp_path: Path) -> None:
    scenario = load("tutorial").scenario
    assert scenario is not None
    session = GameSession.start(scenario, "tutorial", 3, tmp_path)
    session.end_round()
    assert history.read(tmp_path) == []


def test_a_damaged_record_is_set_aside_not_lost(tmp_path: Path) -> None:
    (tmp_path / history.FILE).write_text("{not json", encoding="utf-8")
    play_out(tmp_path, 3)
    assert len(history.read(tmp_path)) == 1
    aside = list(tmp_path.glob("results.damaged-*.json"))
    assert aside and aside[0].read_text(encoding="utf-8") == "{not json"


def test_a_team_result_file_carries_the_principles(tmp_path: Path) -> None:
    session = play_out(tmp_path, 5, team="Blue Harbour")
    assert session.result_path is not None
    data = json.loads(session.result_path.read_text(encoding="utf-8"))
    assert data["principles"] == {k: round(p.score, 1)
                                  for k, p in principles(session.game).items()}
    from pmsim.workshop.service import replay_from_result

    team, replay = replay_from_result(data)  # the host still takes it
    assert team == "Blue Harbour" and replay.seed == 5

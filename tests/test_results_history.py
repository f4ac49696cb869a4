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


# --- a damaged record is set aside, and the player is told so, once ------------------------------

NOTE = ("Your results history was damaged; it was kept as results.damaged-1.json and a new "
        "one started.")


def test_a_damaged_record_comes_with_a_note_naming_the_kept_copy(tmp_path: Path) -> None:
    (tmp_path / history.FILE).write_text("{not json", encoding="utf-8")
    loaded = history.load(tmp_path)
    assert loaded.games == [] and loaded.note == NOTE
    assert (tmp_path / "results.damaged-1.json").read_text(encoding="utf-8") == "{not json"
    assert history.load(tmp_path).note is None  # said once: the file is gone from its place


def test_the_session_keeps_the_note_for_the_last_results(tmp_path: Path) -> None:
    (tmp_path / history.FILE).write_text('{"kind": "something else"}', encoding="utf-8")
    session = play_out(tmp_path, 3)
    assert session.history_note == NOTE and session.save_error is None
    assert [g["seed"] for g in history.read(tmp_path)] == [3]
    again = play_out(tmp_path, 4)  # the new record reads well: nothing more to say
    assert again.history_note is None


def test_the_terminal_shows_the_note_once(tmp_path: Path) -> None:
    from pmsim.engine import new_game
    from pmsim.terminal.play import Session

    (tmp_path / history.FILE).write_text("\x00\x01 garbage", encoding="utf-8")
    scenario = load("tutorial").scenario
    assert scenario is not None
    answers = iter(["", *["b 2", "e", "y", ""] * 3])
    shown: list[str] = []

    def read(prompt: str) -> str:
        try:
            return next(answers)
        except StopIteration:
            raise EOFError from None

    terminal = Session(new_game(scenario, 3), "tutorial", read=read, write=shown.append,
                       save_dir=tmp_path)
    assert terminal.run() == 0
    assert sum(NOTE in line for line in shown) == 1


def test_the_window_shows_the_note_on_the_last_results(tmp_path: Path, monkeypatch) -> None:
    import os

    import pygame

    from pmsim.ui.app import App
    from pmsim.ui.settings import Settings
    from pmsim.ui.theme import TEXT_SCALES

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    shots = Path(os.environ.get("PMSIM_SHOTS", tmp_path / "shots"))
    shots.mkdir(parents=True, exist_ok=True)
    scenario = load("tutorial").scenario
    assert scenario is not None
    for (width, height), scale in (((1024, 640), max(TEXT_SCALES)), ((1920, 1080), 1.0),
                                   ((1920, 1080), max(TEXT_SCALES))):
        app = App(Settings(width=width, height=height, text_scale=scale),
                  save_dir=tmp_path / f"saves-{width}-{scale}", config_dir=tmp_path / "config")
        try:
            app.save_dir.mkdir(parents=True, exist_ok=True)
            (app.save_dir / history.FILE).write_text("{not json", encoding="utf-8")
            session = GameSession.start(scenario, "tutorial", 2, app.save_dir)
            report = session.end_round()
            app.reset("results", session, report)
            app.draw()
            assert not any(NOTE in r.text for r in app.theme.records), "not before the end"
            while not session.game.over:
                report = session.end_round()
            scene = app.reset("results", session, report)
            scene.progress = 1.0
            app.draw()
            app.draw()
            drawn = " ".join(r.text for r in app.theme.records)
            assert "results.damaged-1.json" in drawn and "a new one started" in drawn
            # on screen whole: every piece of the note inside the window, none scrolled away
            window = pygame.Rect(0, 0, *app.size)
            pieces = [r for r in app.theme.records
                      if r.text and r.text in NOTE and len(r.text) > 3]
            assert pieces and all(window.contains(r.rect) for r in pieces)
            assert " ".join(r.text for r in pieces).split() == NOTE.split()
            pygame.image.save(app.window.get_surface(),
                              str(shots / f"results-note-{width}x{height}-text{scale}.png"))
        finally:
            app.close()

"""An offline team's result file never replaces another team's, checked when it is written
(not only when the game starts): two names can share a file name ('A.B' and 'A B' both
write ...-A_B.json) and two games can end at once. The result then goes beside it, as
NAME.2.json (the first free, or the team's own), and the player is told where and why."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from pmsim.analysis.policies import POLICIES, play
from pmsim.catalog import load
from pmsim.engine import Game, new_game
from pmsim.terminal.play import Session
from pmsim.workshop.team import result_team, write_result

BASE = "pmsim-result-tutorial-A_B.json"


@pytest.fixture(scope="module")
def game() -> Game:
    scenario = load("tutorial").scenario
    assert scenario is not None
    return play(scenario, 7, POLICIES["rice"])


def _result_of(team: str) -> str:
    return json.dumps({"kind": "pmsim-result", "team": team, "replay": {}})


def test_another_teams_result_is_kept_and_ours_goes_beside_it(tmp_path, game) -> None:
    theirs = tmp_path / BASE
    theirs.write_text(_result_of("A B"), encoding="utf-8")
    path = write_result(game, "A.B", tmp_path)
    assert path == tmp_path / "pmsim-result-tutorial-A_B.2.json"
    assert theirs.read_text(encoding="utf-8") == _result_of("A B")
    assert result_team(path) == "A.B"
    assert json.loads(path.read_text(encoding="utf-8"))["replay"]["decisions"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_the_next_free_name_and_the_teams_own_one_are_used(tmp_path, game) -> None:
    (tmp_path / BASE).write_text(_result_of("A B"), encoding="utf-8")
    (tmp_path / "pmsim-result-tutorial-A_B.2.json").write_text(_result_of("A&B"),
                                                               encoding="utf-8")
    first = write_result(game, "A.B", tmp_path)
    assert first.name == "pmsim-result-tutorial-A_B.3.json"
    assert write_result(game, "A.B", tmp_path) == first  # the same team: its own file again
    assert result_team(tmp_path / BASE) == "A B"
    assert result_team(tmp_path / "pmsim-result-tutorial-A_B.2.json") == "A&B"


def test_the_same_team_still_replaces_its_own_result(tmp_path, game) -> None:
    (tmp_path / BASE).write_text(_result_of("a b"), encoding="utf-8")  # "A B", as typed once
    assert write_result(game, "A B", tmp_path) == tmp_path / BASE
    assert result_team(tmp_path / BASE) == "A B"
    assert sorted(p.name for p in tmp_path.iterdir()) == [BASE]


@pytest.mark.parametrize("what", ["notes", "folder"])
def test_a_file_that_is_no_result_is_never_replaced(tmp_path, game, what) -> None:
    there = tmp_path / BASE
    if what == "folder":
        there.mkdir()
    else:
        there.write_text("my notes", encoding="utf-8")
    path = write_result(game, "A B", tmp_path)
    assert path.name == "pmsim-result-tutorial-A_B.2.json" and result_team(path) == "A B"
    assert there.is_dir() if what == "folder" else there.read_text(encoding="utf-8") == "my notes"


def test_games_ending_at_once_keep_every_result(tmp_path, game) -> None:
    teams = ["A B", "A.B", "A'B", "A&B", "A&B", "A-B"]
    # all share ...-A_B.json but "A-B"; "A&B" twice: one team on two laptops (one file)
    barrier = threading.Barrier(len(teams))
    written: dict[str, Path] = {}

    def finish(team: str) -> None:
        barrier.wait()
        written[team] = write_result(game, team, tmp_path)

    threads = [threading.Thread(target=finish, args=(t,)) for t in teams]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    files = set(tmp_path.iterdir())
    assert all(not p.name.startswith(".") for p in files)
    kept = {result_team(p) for p in files}
    assert kept == {"A B", "A.B", "A'B", "A&B", "A-B"} and len(files) == 5
    assert all(result_team(path) == team for team, path in written.items())


def test_the_terminal_says_where_the_result_went_and_why(tmp_path, monkeypatch) -> None:
    """The other team's file appears while this game is played (after the start check): the
    debrief names the file the result went to and says the other one is kept."""
    monkeypatch.chdir(tmp_path)
    feed = iter(["", *["e", "y", ""] * 3])
    shown: list[str] = []

    def read(prompt: str) -> str:
        if prompt == "> ":  # mid-game: another team's game ends, in the same folder
            (tmp_path / BASE).write_text(_result_of("A B"), encoding="utf-8")
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    scenario = load("tutorial").scenario
    assert scenario is not None
    session = Session(new_game(scenario, 3), "tutorial", read=read, write=shown.append,
                      save_dir=tmp_path / "data", team="A.B")
    assert session.run() == 0
    text = "\n".join(shown)
    assert "Result saved for your facilitator: pmsim-result-tutorial-A_B.2.json" in text
    assert f"{BASE} already holds the result of team 'A B', kept as it is" in text
    assert result_team(tmp_path / BASE) == "A B"
    assert result_team(tmp_path / "pmsim-result-tutorial-A_B.2.json") == "A.B"


def test_without_hard_links_the_result_still_goes_beside_it(tmp_path, game,
                                                            monkeypatch) -> None:
    """Some USB sticks have no hard links: a checked rename, with the same outcome."""
    def no_links(*args, **kwargs):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr("os.link", no_links)
    (tmp_path / BASE).write_text(_result_of("A B"), encoding="utf-8")
    path = write_result(game, "A.B", tmp_path)
    assert path.name == "pmsim-result-tutorial-A_B.2.json" and result_team(path) == "A.B"
    assert result_team(tmp_path / BASE) == "A B"
    assert write_result(game, "A.B", tmp_path) == path
    assert len(list(tmp_path.iterdir())) == 2


def test_the_window_debrief_says_where_the_result_went_and_why(tmp_path) -> None:
    """The window's debrief shows the same note as the terminal, from the session."""
    from pmsim.engine.debrief import debrief
    from pmsim.play.debrief_lines import score_lines
    from pmsim.play.session import GameSession

    scenario = load("tutorial").scenario
    assert scenario is not None
    (tmp_path / BASE).write_text(_result_of("A B"), encoding="utf-8")
    session = GameSession.start(scenario, "tutorial", 3, tmp_path / "data", team="A.B")
    session.result_dir = tmp_path
    while not session.game.over:
        session.end_round()
    assert session.result_path == tmp_path / "pmsim-result-tutorial-A_B.2.json"
    assert "already holds the result of team 'A B', kept as it is" in session.result_note
    texts = [line.text for line in score_lines(debrief(session.game), session.result_path,
                                               session.result_note)]
    assert any("A_B.2.json" in text for text in texts)
    assert any(session.result_note in text for text in texts)
    assert result_team(tmp_path / BASE) == "A B"


def test_what_if_and_play_again_keep_the_first_result(tmp_path) -> None:
    """The first finished game is the team's result: replaying from a round in the debrief,
    or playing the same world again, does not overwrite the file a facilitator collects."""
    from pmsim.play.session import GameSession

    scenario = load("tutorial").scenario
    assert scenario is not None
    session = GameSession.start(scenario, "tutorial", 3, tmp_path / "data", team="Kite")
    session.result_dir = tmp_path
    while not session.game.over:
        session.end_round()
    assert session.result_path is not None
    first = session.result_path.stat()  # a rewrite, even of the same bytes, is a new file
    session.rewind_to(1)
    while not session.game.over:
        session.end_round()
    session.restart()
    while not session.game.over:
        session.end_round()
    after = session.result_path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (first.st_ino, first.st_mtime_ns)
    assert sorted(p.name for p in tmp_path.glob("pmsim-result-*")) == [
        "pmsim-result-tutorial-Kite.json"]

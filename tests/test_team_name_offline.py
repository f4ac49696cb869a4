"""`pmsim play --team NAME` without --join: the name is checked before anything is played, by
the workshop's own rule (so `workshop import` takes the result file), a result file of
another team is never replaced, and `--code` without `--join` is bad usage."""

from __future__ import annotations

import json

import pytest

from pmsim.cli import main

RULE = "a team name is 1 to 40 letters, digits, spaces or . ' & -"


class Played(list[str]):
    """The team names games were started with; `typed`: the --team their arguments held."""

    typed: list[str]


@pytest.fixture
def played(tmp_path, monkeypatch) -> Played:
    """The team names a text game was started with (none is played for real): the name the
    launcher decided, passed on beside the arguments, which stay as the user typed them."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    started = Played()
    started.typed = []

    def fake_run(args, chosen=None) -> int:
        assert chosen is not None and chosen.scenario.id == "tutorial"
        started.append(chosen.team)
        started.typed.append(args.team)
        return 0

    monkeypatch.setattr("pmsim.terminal.play.run", fake_run)
    return started


@pytest.mark.parametrize("name", ["a/b", "😀", "", "   ", "x" * 41])
def test_a_name_the_workshop_refuses_is_refused_before_play(name, played, capsys) -> None:
    assert main(["play", "tutorial", "--seed", "5", "--text", "--team", name]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and err.endswith(RULE)
    assert played == []


def test_a_valid_name_plays_as_the_workshop_shows_it(played) -> None:
    assert main(["play", "tutorial", "--seed", "5", "--text", "--team", "  Blue   Harbour"]) == 0
    assert played == ["Blue Harbour"]
    assert played.typed == ["  Blue   Harbour"]  # the arguments stay as typed


def test_the_window_game_gets_the_decided_name_and_args_stay_as_typed(tmp_path,
                                                                      monkeypatch) -> None:
    from pmsim.ui import launch

    monkeypatch.chdir(tmp_path)
    seen: list[tuple[object, object]] = []

    class FakeApp:
        def __init__(self, settings) -> None:
            pass

        def run(self) -> None:
            pass

        def close(self) -> None:
            pass

    monkeypatch.setattr("pmsim.ui.app.App", FakeApp)
    monkeypatch.setattr("pmsim.ui.settings.load", lambda: type("S", (), {"sound": True})())
    monkeypatch.setattr(launch, "start", lambda app, args, chosen: seen.append((args, chosen)))
    assert main(["play", "--team", "  red   kite", "--seed", "3"]) == 0
    (args, chosen), = seen
    assert args.team == "  red   kite" and args.scenario is None
    assert chosen.team == "red kite" and chosen.scenario.id == "tutorial"


def test_another_teams_result_file_is_never_replaced(tmp_path, played, capsys) -> None:
    theirs = tmp_path / "pmsim-result-tutorial-A_B.json"
    theirs.write_text(json.dumps({"kind": "pmsim-result", "team": "A B"}), encoding="utf-8")
    assert main(["play", "tutorial", "--text", "--team", "A.B"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "'A B'" in err and "another team name" in err
    assert played == []
    assert json.loads(theirs.read_text(encoding="utf-8"))["team"] == "A B"


def test_the_same_team_plays_again(tmp_path, played) -> None:
    ours = tmp_path / "pmsim-result-tutorial-A_B.json"
    ours.write_text(json.dumps({"kind": "pmsim-result", "team": "A B"}), encoding="utf-8")
    assert main(["play", "tutorial", "--text", "--team", "a b"]) == 0
    assert played == ["a b"]


def test_a_file_that_is_not_a_result_is_not_replaced(tmp_path, played, capsys) -> None:
    (tmp_path / "pmsim-result-tutorial-A_B.json").write_text("notes", encoding="utf-8")
    assert main(["play", "tutorial", "--text", "--team", "A B"]) == 2
    assert "not a result file" in capsys.readouterr().err
    assert played == []


@pytest.mark.parametrize("extra", [["--continue"], ["--autoplay", "rice"], ["--watch"]])
def test_team_where_it_would_be_ignored_is_bad_usage(extra, played, capsys) -> None:
    assert main(["play", "tutorial", "--text", "--team", "Blue", *extra]) == 2
    assert "--team" in capsys.readouterr().err
    assert played == []


def test_code_without_join_is_bad_usage(played, capsys) -> None:
    assert main(["play", "tutorial", "--text", "--code", "HX7K3P"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("pmsim play: --code") and "--join" in err and "\n" not in err
    assert played == []

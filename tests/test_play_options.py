"""`pmsim play`: an option the chosen way of playing would ignore is bad usage (exit 2, one
line naming the option), never dropped in silence: the window's capture options with --text,
and the options a workshop game (--join, in the window or with --text) has no use for.
Nothing is played, no host is asked and no folder is made."""

from __future__ import annotations

import pytest

from pmsim.cli import main


@pytest.fixture
def nothing_played(tmp_path, monkeypatch) -> list[str]:
    """What was started (nothing should be): a text game, a join, a window."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    started: list[str] = []
    monkeypatch.setattr("pmsim.terminal.play.run", lambda *a, **k: started.append("text") or 0)
    monkeypatch.setattr("pmsim.play.joining.join",
                        lambda *a, **k: started.append("join") or pytest.fail("joined"))
    monkeypatch.setattr("pmsim.ui.app.App", lambda *a, **k: pytest.fail("a window opened"))
    return started


def _refused(argv: list[str], capsys, *words: str) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and err.startswith("pmsim play: "), err
    for word in words:
        assert word in err, err
    return err


@pytest.mark.parametrize(("extra", "option"), [
    (["--size", "800x600"], "--size"),
    (["--text-scale", "1.2"], "--text-scale"),
    (["--screenshots", "shots"], "--screenshots"),
    (["--force"], "--force"),
])
def test_window_options_with_text_are_bad_usage(extra, option, nothing_played, capsys,
                                                tmp_path) -> None:
    err = _refused(["play", "--text", "tutorial", *extra], capsys, option, "window", "--text")
    assert err.startswith(f"pmsim play: {option} ")
    assert nothing_played == []
    assert not (tmp_path / "shots").exists()


@pytest.mark.parametrize(("extra", "option"), [
    (["--autoplay", "rice"], "--autoplay"),
    (["--watch"], "--watch"),
])
def test_window_modes_with_text_are_bad_usage(extra, option, nothing_played, capsys) -> None:
    _refused(["play", "--text", "tutorial", *extra], capsys, option, "--text")
    assert nothing_played == []


def test_autoplay_with_text_says_how_to_get_a_policys_game_as_text(nothing_played,
                                                                   capsys) -> None:
    _refused(["play", "--text", "--autoplay", "rice"], capsys,
             "pmsim autoplay SCENARIO --policy rice")


@pytest.mark.parametrize(("extra", "option"), [
    (["--seed", "5"], "--seed"),
    (["tutorial"], "tutorial"),
    (["--autoplay", "rice"], "--continue"),
    (["--watch"], "--watch"),
])
def test_continue_with_what_it_would_ignore_is_bad_usage(extra, option, nothing_played,
                                                         capsys) -> None:
    _refused(["play", "--continue", *extra], capsys, "--continue", option)
    _refused(["play", "--continue", "--text", *extra], capsys, "--continue", option)
    assert nothing_played == []


JOIN = ["play", "--join", "127.0.0.1:9", "--code", "HX7K3P", "--team", "Blue"]


@pytest.mark.parametrize("text", [[], ["--text"]])
@pytest.mark.parametrize(("extra", "option"), [
    (["--size", "800x600"], "--size"),
    (["--text-scale", "1.2"], "--text-scale"),
    (["--screenshots", "shots"], "--screenshots"),
    (["--force"], "--force"),
    (["--autoplay", "rice", "--screenshots", "shots"], "--screenshots"),
    (["--seed", "5"], "--seed"),
    (["tutorial"], "tutorial"),
    (["--continue"], "--continue"),
    (["--watch"], "--watch"),
])
def test_join_with_an_option_it_would_ignore_is_bad_usage(text, extra, option, nothing_played,
                                                          capsys, tmp_path) -> None:
    _refused([*JOIN, *text, *extra], capsys, option)
    assert nothing_played == []
    assert not (tmp_path / "shots").exists()


def test_join_with_text_and_a_bot_is_still_taken(nothing_played, monkeypatch) -> None:
    """`--join --autoplay POLICY --text`: a bot plays in the terminal (it has no window)."""
    def refused(*args, **kwargs):
        nothing_played.append("join")
        raise joining.HostAway("test")

    from pmsim.play import joining

    monkeypatch.setattr("pmsim.play.joining.join", refused)
    assert main([*JOIN, "--text", "--autoplay", "rice"]) == 1
    assert nothing_played == ["join"]


def test_text_and_its_own_options_still_play(nothing_played) -> None:
    assert main(["play", "--text", "tutorial", "--seed", "5"]) == 0
    assert nothing_played == ["text"]

"""Capture mode's folder and window: a window too small for the game saves one shot of the
notice and exits 1; an earlier capture's PNGs are refused unless --force (which deletes only
those); a file named as the folder is bad usage in one line."""

from __future__ import annotations

import pytest

from pmsim.cli import build_parser, main

TINY = ["--size", "320x200", "--text-scale", "1.4"]


@pytest.fixture(autouse=True)
def headless(tmp_path, monkeypatch):
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)


def capture(*argv: str) -> int:
    return main(["play", "tutorial", "--seed", "1", "--autoplay", "rice", *argv])


def test_a_window_too_small_saves_one_shot_of_the_notice_and_exits_1(tmp_path, capsys) -> None:
    out = tmp_path / "shots"
    assert capture("--screenshots", str(out), *TINY) == 1
    assert [p.name for p in out.iterdir()] == ["01-too-small.png"]
    captured = capsys.readouterr()
    assert "saved" not in captured.out
    err = captured.err.strip()
    assert "\n" not in err and "too small" in err and "1024x640" in err


def test_a_folder_with_an_earlier_capture_is_refused(tmp_path, capsys) -> None:
    out = tmp_path / "shots"
    out.mkdir()
    (out / "07-board-3.png").write_bytes(b"old shot")
    assert capture("--screenshots", str(out), *TINY) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "--force" in err and "07-board-3.png" in err
    assert [p.name for p in out.iterdir()] == ["07-board-3.png"]


def test_force_deletes_only_the_earlier_captures_pngs(tmp_path, capsys) -> None:
    out = tmp_path / "shots"
    out.mkdir()
    (out / "07-board-3.png").write_bytes(b"old shot")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "logo.png").write_bytes(b"mine too")
    assert capture("--screenshots", str(out), "--force", *TINY) == 1
    assert sorted(p.name for p in out.iterdir()) == ["01-too-small.png", "logo.png",
                                                     "notes.txt"]


def test_a_file_named_as_the_folder_is_bad_usage(tmp_path, capsys) -> None:
    (tmp_path / "base.yaml").write_text("id: x\n", encoding="utf-8")
    assert capture("--screenshots", "base.yaml") == 2
    err = capsys.readouterr().err.strip()
    assert err == ("pmsim play: cannot write screenshots to base.yaml: it is a file, not a "
                   "folder (name a folder for --screenshots; it is made if missing)")
    assert (tmp_path / "base.yaml").read_text(encoding="utf-8") == "id: x\n"


def test_force_needs_capture_mode(capsys) -> None:
    assert main(["play", "tutorial", "--force"]) == 2
    assert "--force needs --autoplay" in capsys.readouterr().err


def test_help_says_where_shots_go_without_screenshots() -> None:
    play = build_parser()._subparsers._group_actions[0].choices["play"]  # type: ignore
    text = " ".join(play.format_help().split())
    assert "default: ./pmsim-screenshots" in text
    assert "NN-screen.png" in text


def test_the_command_prints_no_pygame_banner_and_one_line(tmp_path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    run = subprocess.run([sys.executable, "-m", "pmsim", "play", "tutorial", "--autoplay",
                          "rice", "--screenshots", str(tmp_path / "s"), *TINY],
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert run.stdout == ""
    assert run.stderr.count("\n") == 1 and "too small" in run.stderr

"""Capture mode's refusal of a folder with an earlier capture counts its shots in the singular
for one: it said "holds 1 screenshots"."""

from __future__ import annotations

import pytest

from pmsim.cli import main

TINY = ["--size", "320x200", "--text-scale", "1.4"]


@pytest.fixture(autouse=True)
def headless(tmp_path, monkeypatch):
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)


def refusal(tmp_path, capsys, names: list[str]) -> str:
    out = tmp_path / "shots"
    out.mkdir()
    for name in names:
        (out / name).write_bytes(b"old shot")
    assert main(["play", "tutorial", "--seed", "1", "--autoplay", "rice", "--screenshots",
                 str(out), *TINY]) == 2
    assert sorted(p.name for p in out.iterdir()) == names
    return capsys.readouterr().err.strip()


def test_one_earlier_shot_is_one_screenshot(tmp_path, capsys) -> None:
    err = refusal(tmp_path, capsys, ["07-board-3.png"])
    assert "holds 1 screenshot of an earlier capture (07-board-3.png); name another folder, " \
           "or add --force to delete it first" in err
    assert "screenshots of" not in err


def test_two_earlier_shots_are_screenshots(tmp_path, capsys) -> None:
    err = refusal(tmp_path, capsys, ["01-menu.png", "07-board-3.png"])
    assert "holds 2 screenshots of an earlier capture (such as 01-menu.png); name another " \
           "folder, or add --force to delete them first" in err

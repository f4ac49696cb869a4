"""Capture mode at any size and text scale, with scenarios in any script, every page of the
debrief; and, measured rather than looked at, no character drawn as the missing-glyph box
(issue 13)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pygame
import pytest

from pmsim.cli import main
from pmsim.ui.app import App
from pmsim.ui.capture import capture
from pmsim.ui.fonts import FontChain
from pmsim.ui.settings import Settings

SCRIPTS = Path(__file__).resolve().parent / "data" / "scripts.yaml"


def test_the_documented_command_captures_at_a_size_and_text_scale(tmp_path) -> None:
    config = tmp_path / "cfg" / "pmsim"
    config.mkdir(parents=True)
    mine = {"width": 1600, "height": 900, "fullscreen": False, "text_scale": 1.0,
            "palette": "colorblind", "sound": True}
    (config / "settings.json").write_text(json.dumps(mine), encoding="utf-8")
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    out = tmp_path / "shots"
    run = subprocess.run(
        [sys.executable, "-m", "pmsim", "play", str(SCRIPTS), "--seed", "2", "--autoplay",
         "evidence", "--screenshots", str(out), "--size", "1024x640", "--text-scale", "1.4"],
        env=env, capture_output=True, text=True, timeout=180,
    )
    assert run.returncode == 0, run.stderr
    shots = sorted(out.glob("*.png"))
    assert {pygame.image.load(str(p)).get_size() for p in shots} == {(1024, 640)}
    pages = [p for p in shots if "debrief" in p.name]
    assert len(pages) >= 3  # the top, and the rest of a long page, one Page Down at a time
    assert len({p.read_bytes() for p in pages}) == len(pages)
    # the player's own settings are left as they were
    assert json.loads((config / "settings.json").read_text(encoding="utf-8")) == mine


@pytest.mark.parametrize("argv", [["--size", "12"], ["--size", "0x10"], ["--size", "wide"],
                                  ["--text-scale", "2"], ["--text-scale", "big"]])
def test_bad_capture_options_are_usage_errors(argv, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        raise SystemExit(main(["play", "tutorial", "--autoplay", "rice", *argv]))
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {argv[0]}:" in err and "Traceback" not in err


@pytest.mark.parametrize("option", [["--size", "800x500"], ["--text-scale", "1.2"]])
def test_capture_options_need_capture_mode(option, capsys) -> None:
    assert main(["play", "tutorial", *option]) == 2
    assert "needs --autoplay" in capsys.readouterr().err


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    application = App(Settings(sound=False), save_dir=tmp_path / "saves",
                      config_dir=tmp_path / "config")
    yield application
    application.close()


def test_a_scenario_in_arabic_chinese_hindi_and_emoji_draws_no_missing_glyph(app, tmp_path,
                                                                             monkeypatch) -> None:
    drawn: list[str] = []
    real = App.screenshot

    def keep_text(self: App, path: Path) -> None:
        real(self, path)
        drawn.extend(record.text for record in self.theme.records)

    monkeypatch.setattr(App, "screenshot", keep_text)
    shots = capture(app, str(SCRIPTS), 2, "evidence", tmp_path / "shots", (1280, 720), 1.0)
    assert len(shots) >= 12
    text = "\n".join(drawn)
    for sample in ("عمر حداد", "प्रिया शर्मा", "查看数据", "🏮", "📊", "✅"):
        assert sample in text, sample
    regular, bold = FontChain(16, False), FontChain(16, True)
    missing = {c for line in set(drawn) for c in regular.missing(line) + bold.missing(line)}
    assert missing == set()


def test_the_missing_glyph_check_sees_a_box(app) -> None:
    """The check above can fail: a script no bundled font draws is found by it."""
    assert FontChain(16, False).missing("Thai: ภาษาไทย") != []


def test_numbers_at_the_format_bound_draw_in_the_debrief_charts(app, tmp_path) -> None:
    """The largest numbers a scenario may hold (1e12) go through every screen; 1e308 once
    crashed the debrief chart with OverflowError, and is now refused by the format."""
    from conftest import BASE

    path = tmp_path / "big.yaml"
    path.write_text(BASE.replace("impact: {revenue: [500, 1500]}",
                                 "impact: {revenue: [999999999999, 1000000000000]}")
                    .replace("claimed_impact: {revenue: 5000}",
                             "claimed_impact: {revenue: -1000000000000}"), encoding="utf-8")
    shots = capture(app, str(path), 3, "rice", tmp_path / "big", (1280, 720), 1.0)
    assert any("debrief" in p.name for p in shots)


@pytest.mark.parametrize("size", [(1, 1), (400, 300)])
def test_capture_at_a_tiny_size_never_raises(app, tmp_path, size) -> None:
    shots = capture(app, "tutorial", 1, "rice", tmp_path / "tiny", size, 1.4)
    assert {pygame.image.load(str(p)).get_size() for p in shots} == {size}

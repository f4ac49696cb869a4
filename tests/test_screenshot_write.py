"""A screenshot is written in one step and checked: on a full disk capture mode stops with one
clear line and a failing exit instead of "saved 26 screenshots" over empty PNGs."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys

import pygame
import pytest

from pmsim.ui.app import App
from pmsim.ui.scenes.title import TitleScene
from pmsim.ui.settings import Settings

LIMIT = 4096
"""The largest file the capture may write: every screenshot is larger, so the disk is "full"
for each of them (the write fails with EFBIG, as it would with ENOSPC)."""


def _small_files() -> None:
    """In the child: files may not grow past LIMIT bytes, and writing past it fails with an
    error instead of killing the process (SIGXFSZ ignored)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


@pytest.mark.skipif(sys.platform == "win32", reason="resource limits are POSIX")
def test_capture_on_a_full_disk_fails_clearly_and_leaves_no_broken_png(tmp_path) -> None:
    shots = tmp_path / "shots"
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
           "PYGAME_HIDE_SUPPORT_PROMPT": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "pmsim", "play", "tutorial", "--autoplay", "rice",
         "--screenshots", str(shots), "--size", "1024x640"],
        env=env, capture_output=True, text=True, timeout=300, preexec_fn=_small_files)
    assert done.returncode != 0, done.stdout
    assert "saved" not in done.stdout
    assert done.stderr.strip() == ("pmsim play: cannot go on: could not save the screenshot "
                                   f"{shots / '01-title.png'}: File too large"), done.stderr
    assert sorted(p.name for p in shots.iterdir()) == [], "no empty or half-written file"


def test_a_screenshot_replaces_a_file_whole_and_refuses_a_folder(tmp_path,
                                                                 monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    app = App(Settings(width=1024, height=640), save_dir=tmp_path / "saves",
              config_dir=tmp_path / "config")
    try:
        app.reset(TitleScene(app))
        path = tmp_path / "01-title.png"
        path.write_bytes(b"an older shot")
        app.screenshot(path)
        assert pygame.image.load(str(path)).get_size() == (1024, 640)
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
        folder = tmp_path / "02-title.png"
        folder.mkdir()
        with pytest.raises(OSError, match=r"could not save the screenshot .*02-title\.png: "
                                          r"it is a folder"):
            app.screenshot(folder)
        missing = tmp_path / "no-such-folder" / "03-title.png"
        with pytest.raises(OSError, match=r"could not save the screenshot .*does not exist"):
            app.screenshot(missing)
        assert not missing.parent.exists()
    finally:
        app.close()

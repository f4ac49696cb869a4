"""Started without a display, pmsim says so in its own words only: the Wayland library's
complaint about XDG_RUNTIME_DIR, printed while SDL looks for a display, is not shown."""

from __future__ import annotations

import os
import subprocess
import sys

from pmsim.ui.app import _without_probe_noise

NOISE = b"error: XDG_RUNTIME_DIR is invalid or not set in the environment.\n"


def test_play_without_a_display_shows_only_pmsims_message(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER", "XDG_RUNTIME_DIR")}
    env.update(XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-m", "pmsim", "play", "tutorial"], env=env,
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 1
    said = done.stdout + done.stderr  # the launcher prints its message on standard output
    assert said.startswith("pmsim play needs a window, and no display was found"), said
    assert "XDG_RUNTIME_DIR" not in said
    assert done.stderr == ""


def test_only_the_complaint_is_kept_off_the_standard_error(capfd) -> None:
    """Whatever else reaches the standard error meanwhile is passed on, in order."""
    print("before", file=sys.stderr, end="")  # held by Python: goes out first
    with _without_probe_noise():
        os.write(2, b"\none\n" + NOISE + b"two\n")
    assert capfd.readouterr().err == "before\none\ntwo\n"

"""Stopping things says how to carry on: a host stopped with Ctrl-C says its workshop is saved
and that the same command resumes it (it used to exit without a word), and `--continue
--text` with no saved game points to `pmsim play --text`, not the window."""

from __future__ import annotations

import os
import signal
import subprocess
import sys


def _env(tmp_path) -> dict[str, str]:
    return {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"),
            "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path)}


def test_a_host_stopped_with_ctrl_c_says_the_workshop_is_saved(tmp_path) -> None:
    host = subprocess.Popen([sys.executable, "-m", "pmsim", "workshop", "host", "tutorial",
                             "--code", "STOPQ7", "--headless", "--bind", "127.0.0.1",
                             "--port", "0"], env=_env(tmp_path), cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert host.stdout is not None
        shown = [host.stdout.readline() for _ in range(3)]
        assert "serving" in shown[-1], shown
    finally:
        host.send_signal(signal.SIGINT)
        out, err = host.communicate(timeout=30)
    assert host.returncode == 0, err
    assert "stopped; workshop" in out and "--code STOPQ7) resumes it" in out, out


def test_continuing_in_text_with_no_save_points_to_the_text_game(tmp_path) -> None:
    run = subprocess.run([sys.executable, "-m", "pmsim", "play", "--continue", "--text"],
                         env=_env(tmp_path), cwd=tmp_path, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 2, run.stderr
    assert "start one with `pmsim play --text`" in run.stderr + run.stdout

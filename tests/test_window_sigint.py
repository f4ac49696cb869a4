"""Ctrl-C (SIGINT) in the terminal stops the game window and the facilitator's dashboard as
closing the window does: within a moment, without a traceback, the game's autosave whole, the
host's workshop kept. The app ends its loop between two turns, never halfway through what a
scene was doing, and only then passes the interrupt on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pygame
import pytest

from pmsim import saves
from pmsim.ui.app import App, Scene
from pmsim.ui.settings import Settings

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a process is POSIX")

UP_WITHIN = 60.0  # seconds for the window to open on a busy machine
STOP_WITHIN = 5.0


class Busy(Scene):
    """A scene whose key press does two steps, Ctrl-C arriving between them."""

    name = "busy"

    def __init__(self, app: App):
        super().__init__(app)
        self.steps: list[str] = []

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN:
            self.steps.append("first")
            os.kill(os.getpid(), signal.SIGINT)
            self.steps.append("second")

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill((0, 0, 0))


def test_ctrl_c_stops_the_loop_between_turns_then_interrupts(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    app = App(Settings(width=1024, height=640), save_dir=tmp_path / "saves",
              config_dir=tmp_path / "config")
    try:
        scene = Busy(app)
        app.reset(scene)
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_a, mod=0,
                                             unicode="a", scancode=0))
        with pytest.raises(KeyboardInterrupt):
            app.run()
        assert scene.steps == ["first", "second"], "the scene finished what it was doing"
        assert app.interrupted and not app.running
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        app.close()


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
            "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
            "PYGAME_HIDE_SUPPORT_PROMPT": "1"}


def _interrupt(process: subprocess.Popen[str], up: Path | None = None) -> tuple[int, str, str]:
    """Wait until the window is up (`up` exists, or the first line of output came), send
    SIGINT, and return the exit code and output; fail when it is still running after
    STOP_WITHIN seconds."""
    deadline = time.monotonic() + UP_WITHIN
    if up is not None:
        while not up.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
    else:
        assert process.stdout is not None
        process.stdout.readline()
    assert process.poll() is None, process.communicate()
    time.sleep(1.5)  # into the window's loop
    process.send_signal(signal.SIGINT)
    try:
        out, err = process.communicate(timeout=STOP_WITHIN)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"still running {STOP_WITHIN} s after SIGINT: {out} {err}")
    return process.returncode, out, err


def test_ctrl_c_stops_the_game_window_with_its_autosave_whole(tmp_path) -> None:
    save = tmp_path / "data" / "pmsim" / "autosave.json"
    process = subprocess.Popen([sys.executable, "-m", "pmsim", "play", "tutorial"],
                               env=_env(tmp_path), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    code, out, err = _interrupt(process, save)
    assert code == 130, (out, err)
    assert "Traceback" not in err and err.strip() == "", err
    game = saves.read(save.parent)
    assert game is not None and Path(game.scenario_path).stem == "tutorial"


def test_ctrl_c_stops_the_host_and_its_dashboard(tmp_path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "pmsim", "workshop", "host", "tutorial", "--port", "0",
         "--bind", "127.0.0.1", "--code", "SIGQ7K"],
        env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    code, out, err = _interrupt(process)
    assert code == 0, (out, err)
    assert "Traceback" not in err and err.strip() == "", err
    listed = subprocess.run([sys.executable, "-m", "pmsim", "workshop", "list"],
                            env=_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert "SIGQ7K" in listed.stdout, "the workshop is kept, to resume"

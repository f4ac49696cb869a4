"""`pmsim play FILE --watch` killed with SIGTERM (a logout, `timeout`, a process manager)
ends its window as Ctrl-C or closing it does: the window's own save folder is removed, and
the player's saved game is not touched."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pygame
import pytest

from pmsim.catalog import resolve
from pmsim.ui.app import App, Scene, Terminated
from pmsim.ui.settings import Settings

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM to a process is POSIX")

UP_WITHIN = 60.0  # seconds for the window to open on a busy machine
STOP_WITHIN = 10.0


def _env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
           "PYGAME_HIDE_SUPPORT_PROMPT": "1", "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    return env


def _watch_folders(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "tmp").glob("pmsim-watch-*"))


@pytest.mark.parametrize("sdl", ["its own handler", "no handler"])
def test_sigterm_ends_the_watch_window_and_removes_its_save_folder(tmp_path, sdl) -> None:
    """Whatever SDL does with signals: by default it turns SIGTERM into a quit event (the
    window closed, exit 0), with SDL_NO_SIGNAL_HANDLERS it leaves SIGTERM to kill."""
    scenario = tmp_path / "mine.yaml"
    shutil.copyfile(resolve("tutorial"), scenario)
    env = _env(tmp_path)
    if sdl == "no handler":
        env["SDL_NO_SIGNAL_HANDLERS"] = "1"
    process = subprocess.Popen([sys.executable, "-m", "pmsim", "play", str(scenario),
                                "--watch"], env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + UP_WITHIN
    while not _watch_folders(tmp_path) and process.poll() is None \
            and time.monotonic() < deadline:
        time.sleep(0.1)
    assert process.poll() is None, process.communicate()
    assert len(_watch_folders(tmp_path)) == 1, "the window saves in a folder of its own"
    time.sleep(1.5)  # into the window's loop
    process.send_signal(signal.SIGTERM)
    try:
        out, err = process.communicate(timeout=STOP_WITHIN)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"still running {STOP_WITHIN} s after SIGTERM: {out} {err}")
    assert process.returncode == 128 + signal.SIGTERM, (out, err)  # ended by SIGTERM, says so
    assert "Traceback" not in err and err.strip() == "", err
    assert _watch_folders(tmp_path) == [], "the window's save folder is removed"
    assert not (tmp_path / "data" / "pmsim" / "autosave.json").exists(), "not the player's"


class Busy(Scene):
    """A scene whose key press does two steps, SIGTERM arriving between them (twice when
    `twice`: a scene busy for long, and whoever sent it losing patience)."""

    name = "busy"

    def __init__(self, app: App, twice: bool = False):
        super().__init__(app)
        self.twice = twice
        self.steps: list[str] = []

    def handle(self, event: pygame.event.Event) -> None:
        if event.type != pygame.KEYDOWN:
            return
        # never SIGTERM this test process unless the app handles it in Python
        assert callable(signal.getsignal(signal.SIGTERM)), "no handler of the app's"
        self.steps.append("first")
        os.kill(os.getpid(), signal.SIGTERM)
        if self.twice:
            os.kill(os.getpid(), signal.SIGTERM)
        self.steps.append("second")

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill((0, 0, 0))


@pytest.mark.parametrize("twice", [False, True])
def test_sigterm_stops_the_loop_between_turns(tmp_path, monkeypatch, twice) -> None:
    """Once: the scene finishes what it was doing, the loop stops, then Terminated (a
    KeyboardInterrupt) is raised; twice: it is raised at once. SIGTERM ends the process
    at once again afterwards."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    app = App(Settings(width=1024, height=640), save_dir=tmp_path / "saves",
              config_dir=tmp_path / "config")
    try:
        scene = Busy(app, twice)
        app.reset(scene)
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_a, mod=0,
                                             unicode="a", scancode=0))
        with pytest.raises(Terminated):
            app.run()
        assert scene.steps == (["first"] if twice else ["first", "second"])
        assert app.terminated and not app.running
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        app.close()

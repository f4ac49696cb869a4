"""Frame benchmark: the planning board with 40 cards, idle CPU, and time to the first frame.

Run: .venv/bin/python bench/frame_bench.py   (headless: SDL's dummy video driver)
Targets (issue 4): frame p99 <= 4 ms at 1280x720; an idle screen <= 2 % of a core; the first
frame within 1.5x the time of a bare pygame window on the same machine.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import pygame
from ui_fixtures import many_cards_yaml

from pmsim.play.actions import Commit
from pmsim.play.session import GameSession
from pmsim.scenario import load_bytes
from pmsim.ui.app import App
from pmsim.ui.scenes.board import BoardScene
from pmsim.ui.settings import Settings

BARE = """
import time, pygame
pygame.display.init()
window = pygame.Window("bare", (1280, 720))
window.get_surface().fill((240, 240, 240))
window.flip()
"""


def board_app(size: tuple[int, int], folder: Path) -> tuple[App, BoardScene]:
    scenario = load_bytes(many_cards_yaml(40).encode()).scenario
    app = App(Settings(width=size[0], height=size[1]), save_dir=folder, config_dir=folder)
    session = GameSession.start(scenario, "bench", 1, folder)
    for request in session.planner.view.open_requests[:6]:
        session.perform(Commit(request.id))
    board = BoardScene(app, session)
    app.reset(board)
    return app, board


def frame_times(size: tuple[int, int], frames: int = 400,
                present: bool = True) -> tuple[list[float], float]:
    """Steady frames (every card's panel seen once before), and the slowest cold frame: the
    first time a card is selected, its pitch and evidence are wrapped and rendered."""
    with tempfile.TemporaryDirectory() as folder:
        app, board = board_app(size, Path(folder))
        app.draw()  # the board's first frame: fonts and layout, part of start-up
        cold = 0.0
        for i in range(1, 12):
            board.select(i)
            start = time.perf_counter()
            app.draw()
            cold = max(cold, (time.perf_counter() - start) * 1000)
        times = []
        for i in range(frames):
            board.select(i % 12)  # a different card selected each frame: a real redraw
            start = time.perf_counter()
            app.draw(present)
            times.append((time.perf_counter() - start) * 1000)
        app.close()
    return times, cold


def idle_cpu(seconds: float = 3.0) -> float:
    """Share of one core used by the real loop while nothing happens."""
    with tempfile.TemporaryDirectory() as folder:
        app, _ = board_app((1280, 720), Path(folder))
        app.draw()  # the first frame (fonts, layout) is start-up, not idling
        pygame.time.set_timer(pygame.event.Event(pygame.QUIT), int(seconds * 1000), loops=1)
        wall, cpu = time.perf_counter(), time.process_time()
        app.run()
        share = (time.process_time() - cpu) / (time.perf_counter() - wall)
        app.close()
    return share


def first_frame(runs: int = 10) -> tuple[float, float]:
    """Best wall time of a whole process to its first frame: bare pygame, and pmsim play."""
    env = {**os.environ, "PMSIM_EXIT_AFTER_FIRST_FRAME": "1"}
    with tempfile.TemporaryDirectory() as folder:
        env.update(XDG_DATA_HOME=folder, XDG_CONFIG_HOME=folder)
        bare, game = [], []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", BARE], env=env, check=True)
            bare.append(time.perf_counter() - start)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "pmsim", "play"], env=env, check=True)
            game.append(time.perf_counter() - start)
    return min(bare), min(game)


def main() -> None:
    print(f"video driver: {os.environ['SDL_VIDEODRIVER']}")
    for size in ((1280, 720), (1920, 1080)):
        for present, what in ((False, "painting"), (True, "painting and showing")):
            times, cold = frame_times(size, present=present)
            times.sort()
            p50 = statistics.median(times)
            p99 = times[int(len(times) * 0.99) - 1]
            print(f"board, 40 cards, {size[0]}x{size[1]}, {what}: p50 {p50:.2f} ms, "
                  f"p99 {p99:.2f} ms; slowest first look at a card {cold:.1f} ms")
    print(f"idle board: {idle_cpu() * 100:.1f} % of a core")
    bare, game = first_frame()
    print(f"first frame: bare pygame window {bare * 1000:.0f} ms, pmsim play {game * 1000:.0f} ms"
          f" ({game / bare:.2f}x)")


if __name__ == "__main__":
    main()

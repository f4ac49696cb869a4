"""Board frames with card titles worked out once per layout, against shortening them every frame.

Run: .venv/bin/python bench/board_titles_bench.py   (headless: SDL's dummy video driver)

A card's title is drawn in two lines, the second cut with "…" when the title is longer. The
theme's `paragraph` shortens that line on every call, measuring the text many times; with the
font chain for other scripts each measurement splits the text into runs, and on a 1920x1080
board with 25 cards this was most of a frame. The board now keeps each title's lines until the
next layout (`BoardScene.title_lines`). Both ways are timed here in one process, alternating,
so a machine shared with other work slows both alike; CPU time per frame, not wall time.
"""

from __future__ import annotations

import os
import statistics
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

from pmsim.play.session import GameSession
from pmsim.scenario import load_bytes
from pmsim.ui.app import App
from pmsim.ui.scenes.board import BoardScene
from pmsim.ui.settings import Settings

ROUNDS = 6
FRAMES = 60


def every_frame(board: BoardScene):
    """The old way: the theme's paragraph, which shortens the title on every call."""

    def draw_title(title: str, width: int) -> list[str]:
        theme = board.theme
        scratch = pygame.Surface((1, 1))
        records = len(theme.records)
        rect = pygame.Rect(0, 0, width, theme.line_height("label", True) * 2)
        theme.paragraph(scratch, title, rect, "label", bold=True, max_lines=2)
        drawn = [r.text for r in theme.records[records:]]
        del theme.records[records:]
        return drawn

    return draw_title


def cpu_per_frame(app: App, board: BoardScene) -> float:
    times = []
    for i in range(FRAMES):
        board.select(i % 12)
        start = time.process_time()
        app.draw(present=False)
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def measure(size: tuple[int, int]) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as folder:
        scenario = load_bytes(many_cards_yaml(40).encode()).scenario
        app = App(Settings(width=size[0], height=size[1]), save_dir=Path(folder),
                  config_dir=Path(folder))
        board = BoardScene(app, GameSession.start(scenario, "bench", 1, Path(folder)))
        app.reset(board)
        app.draw()
        kept, old = [], []
        remembered = board.title_lines
        for _ in range(ROUNDS):
            board.title_lines = remembered  # type: ignore[method-assign]
            kept.append(cpu_per_frame(app, board))
            board.title_lines = every_frame(board)  # type: ignore[method-assign]
            old.append(cpu_per_frame(app, board))
        app.close()
    return statistics.median(kept), statistics.median(old)


def main() -> None:
    print(f"video driver: {os.environ['SDL_VIDEODRIVER']}; load average "
          f"{os.getloadavg()[0]:.1f}")
    for size in ((1280, 720), (1920, 1080)):
        kept, old = measure(size)
        print(f"board, 40 cards, {size[0]}x{size[1]}: CPU per frame (median) {kept:.2f} ms with "
              f"titles kept, {old:.2f} ms shortened every frame")


if __name__ == "__main__":
    main()

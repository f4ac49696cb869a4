"""Wrapping benchmark: a 5,000-character Chinese paragraph without spaces (issue 13: the old wrap
stepped back one character at a time and took 47 s), and a long English one for comparison.

Run: SDL_VIDEODRIVER=dummy .venv/bin/python bench/wrap_bench.py
Target: under 50 ms for the 5,000-character paragraph, first wrap with a new font (nothing
remembered), at body size and scale 1.0, 600 pixels wide. Best of five runs, each with a fresh
font (so no measured width is reused between runs). Results go in bench/RESULTS.md by hand.
"""

from __future__ import annotations

import os
import platform
import random
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame

from pmsim.ui.fonts import FontChain
from pmsim.ui.linebreak import wrap

COMMON = "的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生"


def chinese(length: int, seed: int = 1) -> str:
    """`length` characters: common ideographs with a full stop or comma now and then."""
    rng = random.Random(seed)
    out = []
    for i in range(length):
        out.append(rng.choice(COMMON) if i % 23 else "\uff0c")  # a full-width comma
    return "".join(out)


def english(length: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    words = ["the", "team", "ships", "value", "when", "evidence", "says", "a", "request",
             "is", "worth", "its", "cost"]
    out = ""
    while len(out) < length:
        out += rng.choice(words) + " "
    return out[:length]


def best_of(text: str, width: int, runs: int = 5) -> tuple[float, int]:
    times = []
    lines = 0
    for _ in range(runs):
        font = FontChain(16, False)
        start = time.perf_counter()
        lines = len(wrap(font, text, width))
        times.append(time.perf_counter() - start)
    return min(times), lines


def main() -> None:
    pygame.init()
    print(f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"pygame-ce {pygame.version.ver}")
    for name, text in (("Chinese, 5,000 characters", chinese(5000)),
                       ("Chinese, 2,400 characters", chinese(2400)),
                       ("English, 5,000 characters", english(5000))):
        for width in (600, 300):
            seconds, lines = best_of(text, width)
            print(f"{name}, {width} px: {seconds * 1000:.1f} ms ({lines} lines)")


if __name__ == "__main__":
    main()

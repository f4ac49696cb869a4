"""The options of capture mode, parsed without pygame (the `pmsim` command reads them before
it decides whether to open a window at all)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from .scales import TEXT_SCALES

MAX_SIDE = 8192
"""The largest window side capture mode makes, in pixels (an 8K screen)."""
MAX_PAGES = 40
"""Pages captured of one scrolling screen at most (a debrief at 1x1 pixels has thousands)."""


def window_size(text: str) -> tuple[int, int]:
    """`--size WxH`: width and height in pixels, each 1 to MAX_SIDE (`1280x720`, `800X500`).

    Raises argparse.ArgumentTypeError (shown as a usage error, exit 2) otherwise."""
    match = re.fullmatch(r"\s*(\d{1,9})\s*[xX×]\s*(\d{1,9})\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size: write WIDTHxHEIGHT, such as "
                                         "1280x720")
    width, height = int(match[1]), int(match[2])
    if not (1 <= width <= MAX_SIDE and 1 <= height <= MAX_SIDE):
        raise argparse.ArgumentTypeError(f"each side is 1 to {MAX_SIDE} pixels, not {text}")
    return width, height


def text_scale(text: str) -> float:
    """`--text-scale S`: one of the text sizes a player can choose (TEXT_SCALES).

    Raises argparse.ArgumentTypeError otherwise."""
    choices = ", ".join(f"{s:g}" for s in TEXT_SCALES)
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    for scale in TEXT_SCALES:
        if abs(value - scale) < 1e-9:
            return scale
    raise argparse.ArgumentTypeError(f"'{text}' is not a text scale: one of {choices}")


SHOT_NAME = re.compile(r"\d{2,}-[a-z0-9-]+\.png")
"""The names capture mode gives its PNGs (`01-title.png`, `12-results-3-page2.png`): the only
files `--force` deletes from a folder before capturing into it."""


def earlier_shots(folder: Path) -> list[Path]:
    """The PNGs an earlier capture left in `folder` (by name; nothing else is counted)."""
    return sorted(p for p in folder.iterdir() if SHOT_NAME.fullmatch(p.name) and p.is_file())

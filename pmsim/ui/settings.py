"""Player settings, kept between runs in the user's config folder."""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import platformdirs

from ..fileio import atomic_write_text
from .theme import PALETTES, TEXT_SCALES

WINDOW_SIZES = ((1024, 640), (1280, 720), (1600, 900), (1920, 1080))


@dataclass
class Settings:
    width: int = 1280
    height: int = 720
    fullscreen: bool = False
    text_scale: float = 1.0
    palette: str = "default"
    sound: bool = True

    def cleaned(self) -> Settings:
        """The same settings with anything out of range put back to a sensible value."""
        width = min(max(int(self.width), WINDOW_SIZES[0][0]), 3840)
        height = min(max(int(self.height), WINDOW_SIZES[0][1]), 2160)
        scale = min(TEXT_SCALES, key=lambda s: abs(s - float(self.text_scale)))
        palette = self.palette if self.palette in PALETTES else "default"
        return Settings(width, height, bool(self.fullscreen), scale, palette, bool(self.sound))


def path(folder: Path | None = None) -> Path:
    return (folder or platformdirs.user_config_path("pmsim", appauthor=False)) / "settings.json"


def load(folder: Path | None = None) -> Settings:
    """Saved settings, or the defaults when there are none or they cannot be read."""
    try:
        data = json.loads(path(folder).read_text(encoding="utf-8"))
        known = {f.name for f in fields(Settings)}
        return Settings(**{k: v for k, v in data.items() if k in known}).cleaned()
    except (OSError, ValueError, TypeError, AttributeError):
        return Settings()


def save(settings: Settings, folder: Path | None = None) -> None:
    # settings are a convenience: failing to keep them must not stop the game
    with contextlib.suppress(OSError):
        atomic_write_text(path(folder), json.dumps(asdict(settings), indent=1) + "\n")

"""Player settings, kept between runs in the user's config folder.

Settings are a convenience: no file in the config folder may stop the game from starting. A
file that cannot be read gives the defaults; a setting that is wrong (a width of `1e999`, a
palette that is a list, a value nested 5,000 levels deep) is put back to its default and named
in a one-line message on stderr, and every other setting in the file is kept.
"""

from __future__ import annotations

import contextlib
import json
import math
import sys
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import platformdirs

from ..fileio import atomic_write_text
from .theme import PALETTES, TEXT_SCALES

WINDOW_SIZES = ((1024, 640), (1280, 720), (1600, 900), (1920, 1080))
MAX_BYTES = 64 * 1024
"""A settings file is under 200 bytes; a bigger one is not ours and is not read whole."""
MAX_DEPTH = 4
"""Settings are one level deep; anything nested deeper is cut before parsing (Python's JSON
parser recurses, and a 5,000-deep list would raise RecursionError)."""


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


def _number(value: object) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and abs(value) < 1e6 and math.isfinite(value))


CHECKS = {
    "width": (_number, "a number of pixels"),
    "height": (_number, "a number of pixels"),
    "text_scale": (_number, "a number such as 1.2"),
    "fullscreen": (lambda v: isinstance(v, bool), "true or false"),
    "sound": (lambda v: isinstance(v, bool), "true or false"),
    "palette": (lambda v: isinstance(v, str) and v in PALETTES,
                "one of " + ", ".join(f'"{p}"' for p in PALETTES)),
}
"""What each setting must be, and how the message says it."""


def prune(text: str, limit: int = MAX_DEPTH) -> str:
    """`text` (JSON) with every value nested deeper than `limit` replaced by `null`, in one
    pass: strings are skipped whole, so brackets inside them do not count."""
    out: list[str] = []
    depth = 0
    cut_from: int | None = None
    in_string = escaped = False
    for index, char in enumerate(text):
        if in_string:
            in_string = escaped or char != '"'
            escaped = not escaped and char == "\\"
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit and cut_from is None:
                cut_from = index
        elif char in "]}":
            depth -= 1
            if cut_from is not None and depth == limit:
                out.append("null")
                cut_from = None
                continue
        if cut_from is None:
            out.append(char)
    return "".join(out)


def _parse(raw: bytes) -> tuple[object, str | None]:
    if len(raw) > MAX_BYTES:
        return None, f"it is larger than {MAX_BYTES // 1024} kB"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, "it is not text (UTF-8)"
    try:
        return json.loads(prune(text)), None
    except (ValueError, RecursionError) as exc:
        return None, f"it is not JSON ({exc})" if isinstance(exc, ValueError) else "not JSON"


def _shown(value: object) -> str:
    text = json.dumps(value) if not isinstance(value, float) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def read(folder: Path | None = None) -> tuple[Settings, list[str]]:
    """The saved settings and what was wrong with the file (empty when nothing was, or when
    there is no file). Never raises: unreadable settings are the defaults."""
    where = path(folder)
    try:
        with open(where, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return Settings(), []
    except OSError as exc:
        return Settings(), [f"{where}: cannot be read ({exc.strerror or exc}); defaults used"]
    data, problem = _parse(raw)
    if problem is None and not isinstance(data, dict):
        problem = "it is not a JSON object of settings"
    if problem is not None or not isinstance(data, dict):
        return Settings(), [f"{where}: {problem}; defaults used"]
    kept: dict[str, object] = {}
    problems: list[str] = []
    defaults = Settings()
    for field in fields(Settings):
        if field.name not in data:
            continue
        value = data[field.name]
        valid, wanted = CHECKS[field.name]
        if valid(value):
            kept[field.name] = value
        else:
            problems.append(f"{where}: {field.name} is {_shown(value)}, not {wanted}; "
                            f"{getattr(defaults, field.name)!r} used, the other settings kept")
    return Settings(**kept).cleaned(), problems  # type: ignore[arg-type]


_told: set[str] = set()


def load(folder: Path | None = None) -> Settings:
    """Saved settings, or the defaults for whatever cannot be used; each problem is said once
    per run on stderr (the game starts regardless)."""
    settings, problems = read(folder)
    for problem in problems:
        if problem not in _told:
            _told.add(problem)
            print(f"pmsim: settings: {problem}", file=sys.stderr)
    return settings


def save(settings: Settings, folder: Path | None = None) -> None:
    # settings are a convenience: failing to keep them must not stop the game
    with contextlib.suppress(OSError):
        atomic_write_text(path(folder), json.dumps(asdict(settings), indent=1) + "\n")

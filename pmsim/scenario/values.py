"""Checks on every value in a scenario file, whatever field it is in: text players will read and
numbers the engine will add up.

- **Control characters** (NUL, ESC, DEL ...; Unicode category Cc other than tab and line
  breaks) are errors: players cannot see them and the window's font library stops at NUL. A
  YAML double-quoted string makes one from an escape such as `\\0` or `\\x1b`.
- **Bidirectional controls** (the embeddings, overrides and isolates U+202A-U+202E and
  U+2066-U+2069) are errors too: unseen, they reorder the text after them, so the board would
  show words in another order than the file holds (the "Trojan source" trick). Arabic and
  Hebrew text needs none of them; the marks U+200E and U+200F stay allowed.
- **Numbers** must be finite and at most `MAX_MAGNITUDE` either way: YAML reads `.inf`, `.nan`
  and `1e308` as numbers, and sums of such values overflow to infinity, which no chart can draw
  and JSON cannot hold.
- **Characters no bundled font can draw** (Tibetan, Thai, rare ideographs ...) are warnings:
  the game shows a box for each. `pmsim.glyphs` says which characters the fonts cover.

Each finding is placed at the character itself when it can be found in the source (literally
or as its escape), else at the start of the value.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator

from .. import glyphs
from .diagnostics import Diagnostic
from .yamlsource import Path, Source

MAX_MAGNITUDE = 1e12
"""The largest number a scenario may hold, either sign: a trillion is beyond any revenue,
audience or cost a course would model, and twelve rounds of sums of such numbers stay exact
enough and finite."""

BIDI_CONTROLS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
"""Characters that embed, override or isolate the direction of the text after them."""

CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x1B: "ESC",
                 0x7F: "DEL"}


def _walk(data: object) -> Iterator[tuple[Path, object, bool]]:
    """(path, value, is_key) for every scalar and every mapping key, depth first, without
    recursion (the loader bounds the depth, but a walk need not rely on it)."""
    stack: list[tuple[Path, object]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                yield (*path, key), key, True
                stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in enumerate(value))
        else:
            yield path, value, False


def _spellings(char: str) -> list[str]:
    """How `char` can appear in a YAML file: itself, or as a double-quoted escape."""
    point = ord(char)
    out = [char, f"\\x{point:02x}", f"\\x{point:02X}", f"\\u{point:04x}", f"\\u{point:04X}",
           f"\\U{point:08x}", f"\\U{point:08X}"]
    if point == 0:
        out.append("\\0")
    if point == 0x1B:
        out.append("\\e")
    return out


def locate(lines: list[str], start: tuple[int, int], char: str) -> tuple[int, int]:
    """The line and column (1-based) of `char` in the source at or after `start`, within the
    next 50 lines; `start` itself when it is not found there."""
    line, column = start
    for number in range(line, min(len(lines), line + 50) + 1):
        text = lines[number - 1]
        skip = column - 1 if number == line else 0
        found = [i for s in _spellings(char) if (i := text.find(s, skip)) >= 0]
        if found:
            return number, min(found) + 1
    return start


def _describe(char: str) -> str:
    point = ord(char)
    name = CONTROL_NAMES.get(point) or unicodedata.name(char, "")
    return f"U+{point:04X}" + (f" ({name})" if name else "")


def _text(source: Source, file: str, path: Path, text: str, is_key: bool
          ) -> Iterator[Diagnostic]:
    unprintable = not text.isprintable()
    controls = [c for c in text if glyphs.is_control(c)] if unprintable else []
    bidi = [c for c in text if c in BIDI_CONTROLS] if unprintable else []
    missing = glyphs.undrawable(text)
    if not controls and not bidi and not missing:
        return
    start = source.where(path, key=is_key)
    lines = source.lines
    if bidi:
        line, column = locate(lines, start, bidi[0])
        more = f" (and {len(bidi) - 1} more)" if len(bidi) > 1 else ""
        yield Diagnostic(file, line, column, "error",
                         f"this text holds a bidirectional control character, "
                         f"{_describe(bidi[0])}{more}, which players cannot see and which "
                         "reorders the text after it: the board would show another text than "
                         "the file holds",
                         "delete it; Arabic and Hebrew text shows right to left without it")
    if controls:
        line, column = locate(lines, start, controls[0])
        more = f" (and {len(controls) - 1} more)" if len(controls) > 1 else ""
        yield Diagnostic(file, line, column, "error",
                         f"this text holds a control character, {_describe(controls[0])}{more}, "
                         "which players cannot see and which stops the game's font library",
                         "delete it; in a double-quoted string, escapes such as \\0, \\x1b or "
                         "\\e make control characters")
    if missing:
        char = missing[0][1]
        line, column = locate(lines, start, char)
        more = (f"; {len(missing) - 1} more character(s) in this text too"
                if len(missing) > 1 else "")
        yield Diagnostic(file, line, column, "warning",
                         f"no bundled font can draw '{char}' ({_describe(char)}): players will "
                         f"see a box{more}",
                         "the fonts cover Latin, Cyrillic, Greek, Arabic, Hebrew, Devanagari, "
                         "Chinese, Japanese, Korean and emoji (assets/README.md)")


def _number(source: Source, file: str, path: Path, value: float) -> Iterator[Diagnostic]:
    if isinstance(value, float) and not math.isfinite(value):
        what = "not a number" if math.isnan(value) else "infinite"
    elif abs(value) > MAX_MAGNITUDE:
        what = "too large"
    else:
        return
    line, column = source.where(path)
    yield Diagnostic(file, line, column, "error",
                     f"this number is {what}: numbers in a scenario lie between "
                     f"-{MAX_MAGNITUDE:,.0f} and {MAX_MAGNITUDE:,.0f}",
                     "write the value in the units players see (for example 51500 for "
                     "$51,500 a sprint)")


def check(source: Source, file: str, reported: set[tuple[int, int]] | None = None
          ) -> list[Diagnostic]:
    """Every control character, out-of-range number and undrawable character in the file,
    except at a (line, column) in `reported` (a field's own check, such as a float field
    refusing infinity, has said it already)."""
    found: list[Diagnostic] = []
    for path, value, is_key in _walk(source.data):
        if isinstance(value, str):
            found += _text(source, file, path, value, is_key)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            found += _number(source, file, path, value)
    return [d for d in found if (d.line, d.column) not in (reported or set())]

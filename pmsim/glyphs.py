"""Which bundled font draws each character: the table both the validator and the window use.

`assets/fonts/coverage.txt` (made by tools/make_fonts.py from the font files themselves) lists,
for each font in fallback order, the code point ranges it draws. Reading it needs no pygame, so
`pmsim validate` can warn about characters no bundled font can draw, and the window picks the
first font in the list that draws a character (a fallback chain per character).
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass
from functools import cache

from .resources import assets_dir


@dataclass(frozen=True)
class Coverage:
    fonts: tuple[str, ...]
    """Font file names, in fallback order."""
    starts: tuple[tuple[int, ...], ...]
    ends: tuple[tuple[int, ...], ...]
    """Per font, its sorted ranges [start, end] of code points."""

    def font_for(self, char: str) -> int | None:
        """The index in `fonts` of the first font that draws `char`, or None when none does
        (a binary search in each font's ranges, in fallback order)."""
        point = ord(char)
        for index, (starts, ends) in enumerate(zip(self.starts, self.ends, strict=True)):
            at = bisect.bisect_right(starts, point) - 1
            if at >= 0 and point <= ends[at]:
                return index
        return None


def parse(text: str) -> Coverage:
    """Read a coverage table: lines `FONTFILE HEX HEX-HEX ...` (ranges in ascending order);
    `#` starts a comment.

    Raises ValueError on a malformed line (the file is the project's own, made by a tool)."""
    fonts: list[str] = []
    starts: list[tuple[int, ...]] = []
    ends: list[tuple[int, ...]] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, *spans = line.split()
        pairs = sorted((int(a, 16), int(b or a, 16))
                       for a, _, b in (span.partition("-") for span in spans))
        fonts.append(name)
        starts.append(tuple(a for a, _ in pairs))
        ends.append(tuple(b for _, b in pairs))
    return Coverage(tuple(fonts), tuple(starts), tuple(ends))


@cache
def coverage() -> Coverage:
    """The bundled fonts' table, read once per run."""
    return parse((assets_dir() / "fonts" / "coverage.txt").read_text(encoding="utf-8"))


def rides_along(char: str) -> bool:
    """Whether `char` is drawn with the character before it rather than on its own: combining
    marks (accents, vowel signs), joiners and variation selectors (Unicode general categories
    Mn, Me, Cf, and U+FE00-FE0F). These are never "missing" by themselves."""
    return unicodedata.category(char) in ("Mn", "Me", "Cf") or 0xFE00 <= ord(char) <= 0xFE0F


def is_control(char: str) -> bool:
    """C0 and C1 control characters (NUL, ESC, DEL, ...), except tab and line breaks: no font
    draws them and many libraries stop at NUL. Unicode general category Cc."""
    return unicodedata.category(char) == "Cc" and char not in "\t\n\r"


def undrawable(text: str) -> list[tuple[int, str]]:
    """(index in `text`, character) for each character no bundled font draws, controls and
    characters that ride along excluded."""
    if text.isascii():
        return []  # the first font draws every printable ASCII character
    table = coverage()
    return [(i, c) for i, c in enumerate(text)
            if not c.isspace() and not is_control(c) and not rides_along(c)
            and table.font_for(c) is None]

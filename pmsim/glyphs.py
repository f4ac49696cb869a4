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


# --- text on a stream that cannot hold every character ---------------------------------------

OUTPUT_ERRORS = "pmsim-fallback"
"""The codec error handler `tolerant_output` sets on standard output and error: a character
the stream's encoding cannot hold becomes its `ascii_fallback` instead of a crash."""

FALLBACKS = {
    "→": "->", "←": "<-", "↑": "^", "↓": "v", "⇒": "=>", "…": "...", "·": ".", "•": "*",
    "—": "-", "–": "-", "−": "-", "\u2010": "-", "\u2011": "-", "×": "x", "÷": "/", "±": "+/-",
    "≥": ">=", "≤": "<=", "≠": "!=", "≈": "~", "‰": " per mille", "£": "GBP ", "€": "EUR ",
    # a double quote never stands in: the text may be a string inside JSON
    "“": "'", "”": "'", "„": "'", "«": "'", "»": "'", "\u2018": "'", "\u2019": "'", "\u201a": "'",
    "═": "=", "─": "-", "━": "-", "│": "|", "┃": "|", "║": "|", "✓": "v", "✔": "v",
    "✗": "x", "✘": "x", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
}
"""ASCII stand-ins for the characters pmsim prints itself (and common ones in scenarios)."""


def ascii_fallback(char: str) -> str:
    """`char` in ASCII: its stand-in, or itself without accents ('á' -> 'a', a full-width
    letter -> the letter), else '?' ('??' for a wide character, so columns stay in line).
    Never a double quote or a backslash."""
    if char in FALLBACKS:
        return FALLBACKS[char]
    if 0x2500 <= ord(char) <= 0x257F:  # box drawing not listed: corners, tees, crosses
        return "+"
    plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not rides_along(c))
    if plain and plain.isascii() and plain.isprintable() and '"' not in plain \
            and "\\" not in plain:
        return plain
    if rides_along(char):
        return ""
    return "??" if unicodedata.east_asian_width(char) in ("W", "F") else "?"


def output_encoding(stream: object = None) -> str:
    """The codec name of `stream` (standard output by default), looked up once per board or
    paragraph rather than per character. An unknown or missing encoding counts as ASCII: what
    cannot be trusted to print is printed as its `ascii_fallback`."""
    import codecs
    import sys

    encoding = getattr(stream if stream is not None else sys.stdout, "encoding", None)
    try:
        return codecs.lookup(encoding or "utf-8").name
    except (LookupError, TypeError):
        return "ascii"


@cache
def holds(char: str, encoding: str) -> bool:
    """Whether `encoding` holds `char`: one encode per character and encoding for the whole
    run, however many cells and paragraphs ask."""
    try:
        char.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def as_printed(text: str, encoding: str) -> str:
    """`text` as a stream in `encoding` prints it under `tolerant_output`: each character it
    cannot hold replaced by its `ascii_fallback`. Measure this, not `text`, to size a column:
    '→' takes one column but its stand-in '->' two."""
    if text.isascii():
        return text
    return "".join(c if holds(c, encoding) else ascii_fallback(c) for c in text)


def _fallback(error: UnicodeError) -> tuple[str, int]:
    """The codec error handler: each character the encoding cannot hold, in ASCII."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start:error.end]
    return "".join(ascii_fallback(c) for c in text), error.end


def tolerant_output(*streams: object) -> None:
    """Let `streams` (text streams: standard output and error) print any text: characters
    their encoding cannot hold (cp1252 or ASCII, on Windows or in a pipe) are printed as
    `ascii_fallback` instead of raising UnicodeEncodeError. A stream that cannot be
    reconfigured (not a TextIOWrapper, or closed) is left as it is."""
    import codecs

    codecs.register_error(OUTPUT_ERRORS, _fallback)
    for stream in streams:
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            reconfigure(errors=OUTPUT_ERRORS)
        except (AttributeError, ValueError, OSError):
            continue

"""Text in any script the scenario authors write: a fallback chain of fonts per character,
right-to-left runs put in visual order, and each run shaped by HarfBuzz.

SDL_ttf draws one font at a time and neither falls back nor reorders. `FontChain` stands in
for a `pygame.font.Font` (`size`, `render`, `get_linesize`, `get_height`, `get_ascent`): it
cuts a line into runs of characters drawn by the same font in the same direction (the first
bundled font that draws a character, per `pmsim.glyphs`), orders the runs with the Unicode
Bidirectional Algorithm (UAX #9, by python-bidi) and renders each run with pygame-ce's
`Font.set_direction` and `Font.set_script`, which SDL_ttf hands to HarfBuzz for shaping
(Arabic joining, Devanagari conjuncts). Colour emoji come as 109-pixel bitmaps and are scaled
to the line.

The primary fonts are read when the theme is made; the fallback fonts (11 MB, mostly CJK and
emoji) are only opened then, and mapped into memory the first time a character needs them, so
start-up reads no more than before and drawing never opens a file.
"""

from __future__ import annotations

import io
import mmap
import os
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import IO, cast

import pygame

from .. import glyphs
from ..resources import assets_dir

BOLD_FILES = {
    "NotoSans-Regular.ttf": "NotoSans-Bold.ttf",
    "NotoSansArabic-Regular.ttf": "NotoSansArabic-Bold.ttf",
    "NotoSansHebrew-Regular.ttf": "NotoSansHebrew-Bold.ttf",
    "NotoSansDevanagari-Regular.ttf": "NotoSansDevanagari-Bold.ttf",
}
"""A font's bold file; a font without one (CJK) is emboldened by FreeType, emoji are not."""

SCRIPTS = {
    "NotoSansArabic-Regular.ttf": "Arab",
    "NotoSansHebrew-Regular.ttf": "Hebr",
    "NotoSansDevanagari-Regular.ttf": "Deva",
}
"""ISO 15924 script code HarfBuzz shapes a font's runs as; other fonts let HarfBuzz guess."""

EMOJI_FILE = "PmsimEmoji-Regular.ttf"
EMOJI_POINTS = 109
"""Noto Color Emoji holds one bitmap strike of 109 pixels per em; it is opened at that size
and each run scaled to the line height."""

RTL_CLASSES = ("R", "AL")
"""Bidi classes of right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko ...)."""


PRIMARY = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
"""Read whole at start-up: nearly every string is drawn by these alone."""


@dataclass
class FontFiles:
    """Every bundled font file, ready to be opened without touching the file system.

    The primary fonts are held as bytes; the others stay open as file descriptors and are
    memory-mapped on first use (each pygame font gets its own map, so the read positions of
    two sizes never interfere). The coverage table is read now and parsed when a character
    outside ASCII first needs it.
    """

    data: dict[str, bytes] = field(default_factory=dict)
    handles: dict[str, int] = field(default_factory=dict)
    coverage_text: str = ""
    _coverage: glyphs.Coverage | None = None

    @property
    def coverage(self) -> glyphs.Coverage:
        if self._coverage is None:
            self._coverage = glyphs.parse(self.coverage_text)
        return self._coverage

    def open(self, name: str) -> IO[bytes]:
        """A file-like object of font `name` for `pygame.font.Font`."""
        if name in self.data:
            return io.BytesIO(self.data[name])
        # a map has the read, seek and tell that pygame reads a font with
        return cast("IO[bytes]", mmap.mmap(self.handles[name], 0, access=mmap.ACCESS_READ))


@cache
def font_files() -> FontFiles:
    """The bundled fonts, opened once per run (about 1 MB read, 11 MB mapped when needed)."""
    folder = assets_dir() / "fonts"
    text = (folder / "coverage.txt").read_text(encoding="utf-8")
    names = [line.split(maxsplit=1)[0] for line in text.splitlines()
             if line and not line.startswith("#")]
    names += [n for n in BOLD_FILES.values() if n not in names]
    files = FontFiles(coverage_text=text)
    for name in names:
        if name in PRIMARY:
            files.data[name] = (folder / name).read_bytes()
        else:
            files.handles[name] = os.open(folder / name, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    return files


@dataclass(frozen=True)
class Run:
    text: str
    """In logical order (as typed), also for right-to-left runs."""
    face: int
    """Index into the fallback chain."""
    rtl: bool


SKIN_TONES = range(0x1F3FB, 0x1F400)
"""Emoji skin-tone modifiers: the bundled emoji font has no sequences (see assets/README.md),
so a modifier would be drawn as a colour square beside its emoji; the emoji is drawn alone."""


def clean(text: str) -> str:
    """The text as drawn: without control characters (the validator refuses them in scenarios;
    a stray one elsewhere must not stop the drawing: SDL_ttf refuses NUL), half surrogate
    pairs (they cannot be encoded for SDL) or skin-tone modifiers; a tab is a space."""
    return "".join(" " if c == "\t" else c for c in text
                   if not glyphs.is_control(c) and ord(c) not in SKIN_TONES
                   and not 0xD800 <= ord(c) <= 0xDFFF)


def visual_order(text: str, rtl: bool | None = None) -> str:
    """`text` with its right-to-left parts reversed into display order (UAX #9 rules W1-L2,
    with bracket mirroring), laid out in a right-to-left paragraph when `rtl` (None: as
    `right_to_left` judges the text itself); text without right-to-left letters is returned as
    it is."""
    if not any(unicodedata.bidirectional(c) in (*RTL_CLASSES, "AN") for c in text):
        return text
    if rtl is None:
        rtl = right_to_left(text)
    # The reference (pure Python) implementation: unlike the faster `bidi.get_display` of
    # python-bidi 0.5+, it also mirrors brackets (rule L4), so "(2024)" reads right in Arabic.
    # Imported here, the first time a right-to-left line is drawn (once, about 15 ms): at the
    # top it would slow every start-up, and importing it on a side thread at start-up left
    # forked processes (the analysis pool) deadlocked.
    from bidi.algorithm import get_display  # type: ignore[import-untyped]

    return str(get_display(text, base_dir="R" if rtl else "L"))


def _strong(chars: Iterable[str]) -> str | None:
    """The bidi class of the first strong (L, R or AL) character, or None."""
    for char in chars:
        kind = unicodedata.bidirectional(char)
        if kind in ("L", *RTL_CLASSES):
            return str(kind)
    return None


def right_to_left(text: str, otherwise: bool = False) -> bool:
    """Whether `text` is a right-to-left paragraph: its first and its last strong character
    are right-to-left letters. UAX #9 rule P2 looks at the first only; the last is looked at
    too because the game's own sentences are English with names in them ("+3.0 <a Hebrew
    title> shipped" reads left to right). A text without strong characters (digits,
    punctuation) keeps `otherwise`."""
    first = _strong(text)
    if first is None:
        return otherwise
    return first in RTL_CLASSES and _strong(reversed(text)) in RTL_CLASSES


def runs(text: str, face_of: Callable[[str], int], rtl: bool | None = None) -> list[Run]:
    """Cut one line into runs, left to right on screen.

    Combining marks, joiners and variation selectors stay with the character before them.
    A right-to-left run is given back in logical order, for HarfBuzz to shape and lay out
    right to left; everything else keeps the visual order of `visual_order`."""
    out: list[tuple[list[str], int, bool]] = []
    for char in visual_order(clean(text), rtl):
        if out and glyphs.rides_along(char):
            out[-1][0].append(char)
            continue
        key = (face_of(char), unicodedata.bidirectional(char) in RTL_CLASSES)
        if out and (out[-1][1], out[-1][2]) == key:
            out[-1][0].append(char)
        else:
            out.append(([char], *key))
    return [Run("".join(reversed(chars)) if rtl else "".join(chars), face, rtl)
            for chars, face, rtl in out]


class FontChain:
    """One type size and weight drawn from the bundled fonts in fallback order.

    Stands in for `pygame.font.Font`: `size(text) -> (width, height)` in pixels, `render(text,
    antialias, color) -> Surface`, and the primary font's line metrics. The line height is the
    primary (Noto Sans) font's, so mixed scripts keep one line spacing; runs share its baseline.
    """

    def __init__(self, points: int, bold: bool, files: FontFiles | None = None) -> None:
        self.points = points
        self.bold = bold
        self._files = files if files is not None else font_files()
        self._faces: dict[int, pygame.font.Font] = {}
        self._face_of: dict[str, int] = {}
        self._widths: dict[str, int] = {}
        self._boxes: dict[int, tuple[tuple[int, int], bytes]] = {}
        self._plain: dict[str, bool] = {}
        self.primary = self.face(0)

    def face(self, index: int) -> pygame.font.Font:
        """The pygame font for a link of the chain, opened from memory the first time."""
        font = self._faces.get(index)
        if font is None:
            name = PRIMARY[0] if index == 0 else self._table.fonts[index]
            if name == EMOJI_FILE:
                font = pygame.font.Font(self._files.open(name), EMOJI_POINTS)
            else:
                bold_name = BOLD_FILES.get(name) if self.bold else None
                font = pygame.font.Font(self._files.open(bold_name or name), self.points)
                font.bold = self.bold and bold_name is None
            self._faces[index] = font
        return font

    @property
    def _table(self) -> glyphs.Coverage:
        return self._files.coverage

    def face_of(self, char: str) -> int:
        """The first link of the chain that draws `char` (the primary font when none does,
        which draws its missing-glyph box)."""
        index = self._face_of.get(char)
        if index is None:
            found = self._table.font_for(char)
            index = self._face_of[char] = 0 if found is None else found
        return index

    def _is_emoji(self, index: int) -> bool:
        return self._table.fonts[index] == EMOJI_FILE

    def _emoji_scale(self) -> float:
        return self.primary.get_height() / self.face(self._emoji_index()).get_height()

    def _emoji_index(self) -> int:
        return self._table.fonts.index(EMOJI_FILE)

    def _prepare(self, run: Run) -> pygame.font.Font:
        font = self.face(run.face)
        script = SCRIPTS.get(self._table.fonts[run.face])
        if script:
            font.set_script(script)
        font.set_direction(pygame.DIRECTION_RTL if run.rtl else pygame.DIRECTION_LTR)
        return font

    def _run_width(self, run: Run) -> int:
        width = self._prepare(run).size(run.text)[0]
        if self._is_emoji(run.face):
            width = round(width * self._emoji_scale())
        return width

    def _simple(self, text: str) -> bool:
        """Whether the primary font draws all of `text` left to right as it stands (the common
        case: English with a "·" or "…"), so it needs no cutting into runs."""
        if text.isascii():
            return text.isprintable()
        plain = self._plain
        for char in text:
            known = plain.get(char)
            if known is None:
                known = plain[char] = (
                    char.isprintable() and self.face_of(char) == 0
                    and unicodedata.bidirectional(char) not in (*RTL_CLASSES, "AN")
                    and not glyphs.rides_along(char))
            if not known:
                return False
        return True

    def size(self, text: str) -> tuple[int, int]:
        """Width and height in pixels of `text` drawn on one line."""
        height = self.primary.get_height()
        if self._simple(text):
            return self.primary.size(text)[0], height
        return sum(self._run_width(r) for r in runs(text, self.face_of)), height

    def width(self, text: str) -> int:
        """Width in pixels, remembered per string (for wrapping, which measures pieces)."""
        found = self._widths.get(text)
        if found is None:
            if len(self._widths) > 20000:
                self._widths.clear()
            found = self._widths[text] = self.size(text)[0]
        return found

    def render(self, text: str, antialias: bool, color: tuple[int, int, int],
               rtl: bool | None = None) -> pygame.Surface:
        """`text` on one line in `color`, on a transparent surface as tall as the line; laid out
        as part of a right-to-left paragraph when `rtl` (None: as the line itself reads)."""
        if self._simple(text):
            return self.primary.render(text, antialias, color)
        pieces = [(run, self._render_run(run, antialias, color))
                  for run in runs(text, self.face_of, rtl)]
        height = self.primary.get_height()
        surface = pygame.Surface((max(1, sum(i.get_width() for _, i in pieces)), height),
                                 pygame.SRCALPHA)
        x = 0
        for run, image in pieces:
            if self._is_emoji(run.face):
                y = (height - image.get_height()) // 2
            else:
                y = self.primary.get_ascent() - self.face(run.face).get_ascent()
            surface.blit(image, (x, y))
            x += image.get_width()
        return surface

    def _render_run(self, run: Run, antialias: bool, color: tuple[int, int, int]
                    ) -> pygame.Surface:
        image = self._prepare(run).render(run.text, antialias, color)
        if self._is_emoji(run.face):
            scale = self._emoji_scale()
            size = (max(1, round(image.get_width() * scale)),
                    max(1, round(image.get_height() * scale)))
            image = pygame.transform.smoothscale(image, size)
        return image

    def get_linesize(self) -> int:
        return self.primary.get_linesize()

    def get_height(self) -> int:
        return self.primary.get_height()

    def get_ascent(self) -> int:
        return self.primary.get_ascent()

    def get_descent(self) -> int:
        return self.primary.get_descent()

    def missing(self, text: str) -> list[str]:
        """The characters of `text` drawn as the missing-glyph box: each is rendered alone by
        the font the chain picked for it and compared, pixel for pixel, with that font's box
        (SDL_ttf reports the box's metrics for a missing glyph, so metrics cannot tell)."""
        out = []
        for run in runs(text, self.face_of):
            out += [c for c in run.text if not c.isspace() and not glyphs.rides_along(c)
                    and self.draws_box(run.face, c)]
        return out

    def draws_box(self, index: int, char: str) -> bool:
        """Whether link `index` of the chain draws `char` as its missing-glyph box."""
        font = self.face(index)
        box = self._boxes.get(index)
        if box is None:
            box = self._boxes[index] = _pixels(font.render(NOT_A_CHARACTER, True, (0, 0, 0)))
        return _pixels(font.render(char, True, (0, 0, 0))) == box


NOT_A_CHARACTER = "\U0010FFFD"
"""A private-use code point no font draws: rendering it shows a font's missing-glyph box."""


def _pixels(image: pygame.Surface) -> tuple[tuple[int, int], bytes]:
    return image.get_size(), pygame.image.tobytes(image, "RGBA")

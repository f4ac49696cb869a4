"""One palette, one type scale, one spacing unit: the game's visual identity in one place.

Text is drawn only through `Theme.text` and `Theme.paragraph`, which record every rectangle
they fill. Tests read those records to prove that nothing overflows the window or overlaps
other text, at any window size and text scale.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from .fonts import FontChain, FontFiles, font_files, right_to_left
from .linebreak import wrap
from .scales import TEXT_SCALES as TEXT_SCALES  # re-exported: the scenes read it here

Color = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    name: str
    background: Color
    surface: Color
    """Cards and panels."""
    raised: Color
    """Hovered or selected surfaces."""
    ink: Color
    """Body text: at least 7:1 against background and surface."""
    muted: Color
    """Secondary text: at least 4.5:1."""
    line: Color
    accent: Color
    """Focus, primary buttons, committed cards."""
    on_accent: Color
    good: Color
    bad: Color
    warn: Color
    lanes: tuple[Color, Color, Color]
    """Now, next, later."""


PALETTES = {
    "default": Palette(
        name="default",
        background=(244, 241, 234),
        surface=(255, 255, 255),
        raised=(232, 238, 247),
        ink=(28, 32, 40),
        muted=(88, 94, 106),
        line=(200, 196, 188),
        accent=(36, 86, 166),
        on_accent=(255, 255, 255),
        good=(28, 122, 68),
        bad=(178, 40, 40),
        warn=(140, 88, 0),
        lanes=((36, 86, 166), (108, 72, 160), (96, 96, 96)),
    ),
    # Okabe-Ito colours, distinguishable with the common colour-vision deficiencies; good and
    # bad differ in lightness as well as hue, and every status also has a word or a sign.
    "colorblind": Palette(
        name="colorblind",
        background=(245, 245, 245),
        surface=(255, 255, 255),
        raised=(230, 236, 244),
        ink=(20, 20, 20),
        muted=(80, 80, 80),
        line=(190, 190, 190),
        accent=(0, 92, 158),
        on_accent=(255, 255, 255),
        good=(0, 110, 80),
        bad=(170, 70, 0),
        warn=(120, 90, 0),
        lanes=((0, 92, 158), (150, 70, 120), (100, 100, 100)),
    ),
}

TEXT_ON = ("background", "surface", "raised")
"""The colours text is drawn on, apart from the accent fill."""
TEXT_COLOURS = ("ink", "muted", "accent", "good", "bad", "warn", "lanes")
"""The colours text is drawn in on those (each lane colour names its lane)."""
ON_FILLS = (("on_accent", "accent"),)
"""Text on a filled colour: primary buttons, the title band, the "more below" pill."""

AA_TEXT = 4.5
"""WCAG 2.x success criterion 1.4.3 (AA): normal text needs a contrast ratio of 4.5:1."""


def relative_luminance(color: Color) -> float:
    """WCAG 2.x relative luminance of an sRGB colour (0-255 per channel), 0.0 (black) to 1.0
    (white): each channel linearised (IEC 61966-2-1), weighted 0.2126, 0.7152, 0.0722."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Color, b: Color) -> float:
    """WCAG 2.x contrast ratio, 1.0 (same) to 21.0 (black on white): (L1 + 0.05) / (L2 + 0.05)
    with L1 the lighter colour's relative luminance."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_pairs(palette: Palette) -> list[tuple[str, Color, Color]]:
    """Every (name, text colour, background colour) pair the scenes draw text in."""
    pairs: list[tuple[str, Color, Color]] = []
    for fg in TEXT_COLOURS:
        value = getattr(palette, fg)
        colours = value if fg == "lanes" else (value,)
        for index, colour in enumerate(colours):
            label = f"lanes[{index}]" if fg == "lanes" else fg
            pairs += [(f"{label} on {bg}", colour, getattr(palette, bg)) for bg in TEXT_ON]
    pairs += [(f"{fg} on {bg}", getattr(palette, fg), getattr(palette, bg)) for fg, bg in ON_FILLS]
    return pairs


SIZES = {"small": 14, "body": 16, "label": 18, "title": 24, "display": 36, "huge": 72}


@dataclass
class TextRecord:
    rect: pygame.Rect
    text: str


@dataclass
class Theme:
    palette: Palette = PALETTES["default"]
    scale: float = 1.0
    records: list[TextRecord] = field(default_factory=list)
    _fonts: dict[tuple[int, bool], FontChain] = field(default_factory=dict)
    # Rendering text is most of a frame's cost; the same strings are drawn frame after frame,
    # so rendered images, wrapped lines and shortened strings are kept (bounded, see _cached).
    _images: dict[tuple, pygame.Surface] = field(default_factory=dict)
    _lines: dict[tuple, list[str]] = field(default_factory=dict)
    _shortened: dict[tuple, str] = field(default_factory=dict)
    _font_files: FontFiles = field(default_factory=lambda: font_files())

    @property
    def unit(self) -> int:
        """The spacing step; every margin and gap is a multiple of it."""
        return max(4, round(8 * self.scale))

    def font(self, size: str = "body", bold: bool = False) -> FontChain:
        """The fonts for a type size (a fallback chain covering every bundled script, see
        fonts.py), made from the font files read once when the theme was made: drawing never
        touches the disk."""
        points = max(9, round(SIZES[size] * self.scale))
        key = (points, bold)
        font = self._fonts.get(key)
        if font is None:
            font = self._fonts[key] = FontChain(points, bold, self._font_files)
        return font

    def line_height(self, size: str = "body", bold: bool = False) -> int:
        return self.font(size, bold).get_linesize()

    def text(
        self,
        surface: pygame.Surface,
        text: str,
        pos: tuple[int, int],
        size: str = "body",
        color: Color | None = None,
        bold: bool = False,
        max_width: int | None = None,
        align: str = "left",
        rtl: bool | None = None,
    ) -> pygame.Rect:
        """One line of text; shortened with an ellipsis when wider than `max_width`. `rtl`: the
        line belongs to a right-to-left paragraph (None: as the line itself reads, see
        fonts.right_to_left)."""
        font = self.font(size, bold)
        if max_width is not None:
            text = _cached(self._shortened, (text, id(font), max_width),
                           lambda: ellipsize(font, text, max_width))
        color = color or self.palette.ink
        image = _cached(self._images, (text, id(font), color, rtl),
                        lambda: font.render(text, True, color, rtl))
        rect = image.get_rect()
        if align == "center":
            rect.midtop = pos
        elif align == "right":
            rect.topright = pos
        else:
            rect.topleft = pos
        surface.blit(image, rect)
        self.records.append(TextRecord(rect.move(_offset(surface)), text))
        return rect

    def paragraph(
        self,
        surface: pygame.Surface,
        text: str,
        rect: pygame.Rect,
        size: str = "body",
        color: Color | None = None,
        bold: bool = False,
        max_lines: int | None = None,
        visible: pygame.Rect | None = None,
    ) -> int:
        """Wrapped text inside `rect`; lines that do not fit are cut, the last one ends in an
        ellipsis. Returns the height used. `visible`: where the surface is seen (a scrolled
        list): a line not wholly inside it is left out, so none shows cut in half."""
        font = self.font(size, bold)
        height = font.get_linesize()
        fit = max(0, rect.height // height)
        if max_lines is not None:
            fit = min(fit, max_lines)
        lines = self.wrapped(text, rect.width, size, bold)
        if len(lines) > fit:
            lines = lines[:fit]
            if lines:
                lines[-1] = ellipsize(font, lines[-1] + " …", rect.width)
        y = rect.y
        for line, rtl in zip(lines, directions(lines), strict=True):
            if visible is not None and not visible.top <= y <= visible.bottom - height:
                pass  # out of sight (in part): left out
            elif rtl:  # a right-to-left paragraph starts at the right edge
                self.text(surface, line, (rect.right, y), size, color, bold, align="right",
                          rtl=True)
            else:
                self.text(surface, line, (rect.x, y), size, color, bold, rtl=False)
            y += height
        return y - rect.y

    def paragraph_height(
        self, text: str, width: int, size: str = "body", bold: bool = False
    ) -> int:
        return len(self.wrapped(text, width, size, bold)) * self.line_height(size, bold)

    def wrapped(self, text: str, width: int, size: str = "body", bold: bool = False) -> list[str]:
        font = self.font(size, bold)
        return list(_cached(self._lines, (text, id(font), width),
                            lambda: wrap(font, text, width)))


def directions(lines: list[str]) -> list[bool]:
    """For wrapped lines (a blank line between paragraphs), whether each belongs to a
    right-to-left paragraph: judged on the whole paragraph, so a line that starts with a
    number or an English word still lines up with the rest of its paragraph."""
    out: list[bool] = []
    start = 0
    for end in [*(i for i, line in enumerate(lines) if line == ""), len(lines)]:
        rtl = right_to_left(" ".join(lines[start:end]))
        out += [rtl] * (end - start) + ([False] if end < len(lines) else [])
        start = end + 1
    return out


CACHE_LIMIT = 4000


def _cached(cache: dict, key: tuple, make):
    """Look `key` up in `cache`, computing it on a miss; a full cache starts over (simpler
    than LRU, and a screen's worth of text fits many times over)."""
    value = cache.get(key)
    if value is None:
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        value = cache[key] = make()
    return value


def _offset(surface: pygame.Surface) -> tuple[int, int]:
    """Where a subsurface sits on the window, so records are in window coordinates."""
    return surface.get_abs_offset()


def ellipsize(font: FontChain, text: str, width: int) -> str:
    """`text` cut to the longest prefix that fits `width` pixels with an ellipsis."""
    if font.size(text)[0] <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if font.size(text[:mid].rstrip() + "…")[0] <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…" if low else ""

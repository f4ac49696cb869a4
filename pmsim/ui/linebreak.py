"""Word wrap by measured width, in time linear in the text's length, for any script.

Where a line may break follows a simplified UAX #14 (Unicode line breaking): at spaces, and
between two characters of a script written without spaces (Chinese, Japanese kana, Korean
syllables) or emoji, except before closing punctuation (the ideographic full stop, closing
brackets, small kana ...) and after opening brackets: the rule Japanese calls kinsoku.

A piece between break opportunities is measured once (widths are remembered per string); a
line is filled greedily by adding up those widths and measured whole once to confirm it fits.
A piece wider than a line (a URL, a long word) is cut at the longest prefix that fits, found by
a galloping then binary search on measured prefixes. A 5,000-character paragraph costs a few
hundred measurements, not millions.
"""

from __future__ import annotations

import unicodedata
from typing import Protocol

# Full-width punctuation is the point of these sets, not a look-alike of ASCII.
NO_BREAK_BEFORE = frozenset(
    "、。，．,.：；:;！？!?）)]｝」』】〕〉》〙〗’”ー…‥々〻"  # noqa: RUF001
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ・")
"""Characters a line may not start with (closing punctuation, small kana: JIS X 4051)."""
NO_BREAK_AFTER = frozenset("（([｛「『【〔〈《〘〖‘“")  # noqa: RUF001
"""Characters a line may not end with (opening brackets and quotes)."""


class Measures(Protocol):
    def width(self, text: str) -> int: ...


def breaks_between(char: str) -> bool:
    """Whether a line may break on either side of `char` without a space: CJK ideographs,
    kana, Hangul syllables, full-width forms, CJK punctuation and emoji (East Asian Width
    W or F)."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def pieces(word: str) -> list[str]:
    """`word` (no spaces) cut at its break opportunities."""
    out: list[str] = []
    start = 0
    for i in range(1, len(word)):
        before, after = word[i - 1], word[i]
        if (breaks_between(before) or breaks_between(after)) and not (
            after in NO_BREAK_BEFORE or before in NO_BREAK_AFTER
            or unicodedata.category(after) in ("Mn", "Me", "Cf")
        ):
            out.append(word[start:i])
            start = i
    out.append(word[start:])
    return out


def longest_prefix(font: Measures, text: str, width: int) -> int:
    """The largest k >= 1 with `text[:k]` at most `width` wide (1 when even one character is
    wider: a line always holds something)."""
    sample = text[:32]
    guess = max(1, width * len(sample) // max(1, font.width(sample)))
    low, high = 1, min(len(text), guess)
    while high < len(text) and font.width(text[:high]) <= width:
        low, high = high, min(len(text), high * 2)
    if font.width(text[:high]) <= width:
        return high
    while low < high - 1:
        mid = (low + high) // 2
        if font.width(text[:mid]) <= width:
            low = mid
        else:
            high = mid
    return low


def wrap_paragraph(font: Measures, paragraph: str, width: int) -> list[str]:
    """One paragraph (line breaks are spaces) as lines at most `width` pixels wide."""
    space = font.width(" ")
    lines: list[str] = []
    line: list[tuple[str, bool]] = []
    used = 0
    queue = [(piece, index == 0 and bool(n))
             for n, word in enumerate(paragraph.split())
             for index, piece in enumerate(pieces(word))]
    queue.reverse()
    while queue:
        piece, spaced = queue.pop()
        gap = space if spaced and line else 0
        # a glyph is at least a pixel wide: a piece with more characters than the line has
        # pixels cannot fit, and is not measured whole (that would be quadratic)
        piece_width = width + 1 if len(piece) > width else font.width(piece)
        if used + gap + piece_width <= width:
            line.append((piece, spaced))
            used += gap + piece_width
            continue
        if line:
            queue.append((piece, spaced))  # a space before it is dropped at a line's start
            lines.append(_close(font, line, width, queue))
            line, used = [], 0
            continue
        cut = longest_prefix(font, piece, width)
        lines.append(piece[:cut])
        if cut < len(piece):
            queue.append((piece[cut:], False))
    if line:
        lines.append(_close(font, line, width, queue))
    return lines


def _join(line: list[tuple[str, bool]]) -> str:
    return "".join((" " if spaced and i else "") + piece for i, (piece, spaced) in enumerate(line))


def _close(font: Measures, line: list[tuple[str, bool]], width: int,
           queue: list[tuple[str, bool]]) -> str:
    """The line's text, confirmed by one measurement of the whole; pieces that kerning or
    shaping across them pushed past `width` go back to the queue."""
    text = _join(line)
    while len(line) > 1 and font.width(text) > width:
        queue.append(line.pop())  # with its space, which the next line keeps after its start
        text = _join(line)
    return text


def wrap(font: Measures, text: str, width: int) -> list[str]:
    """Greedy wrap by measured width (pixels); as in Markdown, a blank line separates
    paragraphs (an empty line between them) and a single line break is a space: authors wrap
    long YAML text by hand, and the window wraps it again to its own width."""
    lines: list[str] = []
    for number, paragraph in enumerate(text.replace("\r", "").split("\n\n")):
        if number:
            lines.append("")
        lines.extend(wrap_paragraph(font, paragraph, max(1, width)))
    while lines and lines[-1] == "":
        lines.pop()
    return lines

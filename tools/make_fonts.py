"""Make the game's fallback fonts (assets/fonts/) and their coverage table from Debian's Noto
packages.

Run (as root on Debian 12, once; the results are committed):

    apt-get install fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji
    pip install fonttools
    python tools/make_fonts.py

Why these fonts and these subsets is in assets/README.md. In short: the whole Noto CJK
collection is 19 MB and the colour emoji font 11 MB, so both are cut down to the characters
instructors write (the national standard character sets of China, Japan, Korea and Taiwan's
common set; every single-code-point emoji). A cut font is a "Modified Version" under the OFL,
so its names are changed and say so. Arabic, Hebrew and Devanagari are copied whole.

Also writes `assets/fonts/coverage.txt`: for each font in fallback order, the code point ranges
it draws. `pmsim validate` reads it (without pygame) to warn about characters no bundled font
can draw; the game reads it to pick the font for each character.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

OUT = Path(__file__).resolve().parent.parent / "assets" / "fonts"
CORE = Path("/usr/share/fonts/truetype/noto")
CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_FACE = 2  # Noto Sans CJK SC: the collection's faces share glyphs; SC draws Chinese forms
EMOJI = CORE / "NotoColorEmoji.ttf"

COPIED = ["NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf",
          "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf",
          "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"]

FALLBACK_ORDER = ["NotoSans-Regular.ttf", "NotoSansArabic-Regular.ttf",
                  "NotoSansHebrew-Regular.ttf", "NotoSansDevanagari-Regular.ttf",
                  "PmsimCJK-Regular.otf", "PmsimEmoji-Regular.ttf"]
"""The order the game tries fonts in for each character (bold faces cover the same ranges)."""


def _codec_chars(codec: str, lead: range, trail: list[int]) -> set[str]:
    out: set[str] = set()
    for a in lead:
        for b in trail:
            with contextlib.suppress(UnicodeDecodeError):
                out.update(bytes([a, b]).decode(codec))
    return out


def cjk_characters() -> set[int]:
    """GB 2312 (simplified Chinese), JIS X 0208 (Japanese), KS X 1001 (Korean: 2,350 common
    Hangul syllables and Hanja) and Big5 level 1 (5,401 common traditional characters), with
    CJK punctuation, kana, Hangul jamo and full-width forms."""
    high = list(range(0xA1, 0xFF))
    chars = (_codec_chars("gb2312", range(0xA1, 0xF8), high)
             | _codec_chars("euc_jp", range(0xA1, 0xF5), high)
             | _codec_chars("euc_kr", range(0xA1, 0xFE), high)
             | _codec_chars("big5", range(0xA4, 0xC7), list(range(0x40, 0x7F)) + high))
    points = {ord(c) for c in chars if 0x4E00 <= ord(c) <= 0x9FFF or 0xAC00 <= ord(c) <= 0xD7A3}
    for start, end in ((0x3000, 0x30FF), (0x3130, 0x318F), (0xFF00, 0xFFEF)):
        points.update(range(start, end + 1))
    return points


def rename(font: TTFont, family: str, note: str) -> None:
    """Give a cut font its own names (OFL section 3: a Modified Version does not use the
    original's names)."""
    table = font["name"]
    style = "Regular"
    full = f"{family} {style}"
    ps = f"{family.replace(' ', '')}-{style}"
    for record in list(table.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 21, 22):
            table.removeNames(nameID=record.nameID)
    for name_id, value in ((1, family), (2, style), (3, f"{ps};pmsim subset"), (4, full),
                           (6, ps)):
        table.setName(value, name_id, 3, 1, 0x409)
    table.setName(note, 10, 3, 1, 0x409)


def cut(font: TTFont, points: set[int], features: str) -> None:
    options = subset.Options()
    options.layout_features = [features] if features else []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=sorted(points))
    cutter.subset(font)


def make_cjk() -> None:
    font = TTCollection(str(CJK)).fonts[CJK_FACE]
    cut(font, cjk_characters() & set(font.getBestCmap()), "*")
    rename(font, "Pmsim CJK", "A subset of Noto Sans CJK SC (Adobe, SIL OFL 1.1) for pmsim")
    font.save(OUT / "PmsimCJK-Regular.otf")


def make_emoji() -> None:
    font = TTFont(str(EMOJI))
    points = {p for p in font.getBestCmap() if p >= 0x2000}
    cut(font, points, "")
    rename(font, "Pmsim Emoji", "A subset of Noto Color Emoji (Google, SIL OFL 1.1) for pmsim")
    font.save(OUT / "PmsimEmoji-Regular.ttf")


def ranges(points: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for point in points:
        if out and out[-1][1] == point - 1:
            out[-1] = (out[-1][0], point)
        else:
            out.append((point, point))
    return out


def write_coverage() -> None:
    lines = ["# Code points each bundled font draws, in the order the game falls back through",
             "# them. Made by tools/make_fonts.py; read by pmsim/glyphs.py."]
    for name in FALLBACK_ORDER:
        font = TTFont(str(OUT / name), lazy=True)
        points = sorted(p for p in font.getBestCmap() if p >= 0x20)
        spans = " ".join(f"{a:X}" if a == b else f"{a:X}-{b:X}" for a, b in ranges(points))
        lines.append(f"{name} {spans}")
    (OUT / "coverage.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    for name in COPIED:
        shutil.copyfile(CORE / name, OUT / name)
    make_cjk()
    make_emoji()
    write_coverage()


if __name__ == "__main__":
    main()

"""Word wrap in linear time, for scripts with and without spaces (issue 13, item 9)."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame
import pytest

from pmsim.ui.fonts import FontChain
from pmsim.ui.linebreak import pieces, wrap


class Counting:
    """A monospaced stand-in font: 10 px a character, 20 for a wide (CJK) one; counts the
    characters it was asked to measure."""

    def __init__(self) -> None:
        self.measured = 0

    def width(self, text: str) -> int:
        self.measured += len(text)
        return sum(20 if "\u3000" <= c <= "\u9fff" else 10 for c in text)


def test_chinese_breaks_between_characters_and_fills_each_line() -> None:
    font = Counting()
    text = "我们需要数据导出" * 10
    lines = wrap(font, text, 200)
    assert "".join(lines) == text
    assert [len(line) for line in lines] == [10] * 8


def test_closing_punctuation_never_starts_a_line_nor_opening_ends_one() -> None:
    font = Counting()
    lines = wrap(font, "一二三四五六七八九。「十一」", 180)  # 9 characters fit
    assert lines[0] == "一二三四五六七八"
    assert lines[1].startswith("九。")
    assert not any(line.endswith("「") for line in lines)
    assert pieces("数据。") == ["数", "据。"]


def test_latin_words_wrap_at_spaces_and_a_word_longer_than_a_line_is_cut() -> None:
    font = Counting()
    assert wrap(font, "alpha beta gamma", 100) == ["alpha beta", "gamma"]
    assert wrap(font, "x" * 25, 100) == ["x" * 10, "x" * 10, "x" * 5]
    assert wrap(font, "one\ntwo\n\nthree", 1000) == ["one two", "", "three"]


class Kerned(Counting):
    """Measures a whole line wider than its pieces add up to (as shaping across words can):
    a line over 30 characters is 40 px wider."""

    def width(self, text: str) -> int:
        return super().width(text) + (40 if len(text) > 30 else 0)


def test_words_that_shaping_pushes_to_the_next_line_keep_their_spaces() -> None:
    text = "Pitched from another world: Maya Okafor (Clinics were leaving over a booking"
    lines = wrap(Kerned(), text, 330)
    assert " ".join(lines) == text
    assert all(Kerned().width(line) <= 330 for line in lines)


def test_mixed_latin_and_chinese_break_at_the_script_boundary() -> None:
    font = Counting()
    assert wrap(font, "PM经理", 50) == ["PM经", "理"]


def test_a_long_paragraph_costs_linear_measuring_not_quadratic() -> None:
    """The old wrap re-measured ever shorter prefixes, one character at a time: about n²/2
    characters measured for n without spaces. Now each piece is measured once and each line
    once or twice, so the characters measured grow linearly."""
    def cost(n: int) -> int:
        font = Counting()
        wrap(font, "数据导出" * (n // 4), 600)
        return font.measured

    assert cost(5000) < 4 * 5000
    assert cost(10000) < 2.2 * cost(5000)
    font = Counting()
    wrap(font, "x" * 5000, 600)  # no break opportunity at all
    assert font.measured < 20 * 5000


@pytest.mark.parametrize("text", ["数据导出。" * 300, "Ask the customers first. " * 100,
                                  "عمر حداد: نحتاج إلى تصدير البيانات " * 20,
                                  "प्रिया शर्मा: हमें क्षमता बढ़ानी है " * 20,
                                  "🚀😀👍" * 50])
def test_real_lines_fit_the_width(text: str) -> None:
    pygame.font.init()
    font = FontChain(16, False)
    for width in (120, 333, 600):
        lines = wrap(font, text, width)
        assert all(font.size(line)[0] <= width for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")

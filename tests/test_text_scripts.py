"""Text in every script instructors write: the fallback chain per character, right-to-left
order and shaping, emoji, and the coverage table the validator reads (issue 13, item 10)."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame
import pytest

from pmsim import glyphs
from pmsim.ui.fonts import FontChain, right_to_left, runs

SAMPLES = {
    "Latin": "Zoë Müller-Øster, café — “quotes” …",
    "Cyrillic": "Ольга Иванова: экспорт данных",
    "Greek": "Γιώργος Παπαδόπουλος: εξαγωγή",
    "Arabic": "عمر حداد: نحتاج إلى تصدير البيانات",
    "Hebrew": "עומר: אנחנו צריכים ייצוא נתונים",
    "Chinese": "王芳：我们需要数据导出。繁體中文也可以",  # noqa: RUF001
    "Japanese": "山田花子：データのエクスポートが必要です",  # noqa: RUF001
    "Korean": "김민준: 데이터 내보내기가 필요합니다",
    "Devanagari": "प्रिया शर्मा: हमें क्षमता बढ़ानी है",
    "emoji": "Launch 🚀 today 😀 👍 ✅ 🎉",
}


@pytest.fixture(scope="module")
def chain() -> FontChain:
    pygame.font.init()
    return FontChain(16, False)


@pytest.mark.parametrize("script", sorted(SAMPLES))
def test_every_script_is_drawn_without_the_missing_glyph_box(chain: FontChain,
                                                             script: str) -> None:
    text = SAMPLES[script]
    assert chain.missing(text) == []
    assert glyphs.undrawable(text) == []
    image = chain.render(text, True, (0, 0, 0))
    assert image.get_width() == chain.size(text)[0] > 0


def test_bold_draws_every_script_too() -> None:
    bold = FontChain(16, True)
    assert [s for s, text in SAMPLES.items() if bold.missing(text)] == []


def test_a_character_no_bundled_font_has_is_found(chain: FontChain) -> None:
    tibetan = "བོད"  # no bundled font draws Tibetan: the check can fail
    letters = ["བ", "ད"]  # the vowel sign between them rides on the first
    assert chain.missing(f"ok {tibetan}") == letters
    assert glyphs.undrawable(f"ok {tibetan}") == [(3, "བ"), (5, "ད")]


def test_each_character_takes_the_first_font_that_draws_it(chain: FontChain) -> None:
    table = glyphs.coverage()
    named = {name.split("-")[0]: i for i, name in enumerate(table.fonts)}
    assert chain.face_of("a") == chain.face_of("Ж") == named["NotoSans"]
    assert chain.face_of("ع") == named["NotoSansArabic"]
    assert chain.face_of("ש") == named["NotoSansHebrew"]
    assert chain.face_of("क") == named["NotoSansDevanagari"]
    assert chain.face_of("中") == chain.face_of("カ") == chain.face_of("한") == named["PmsimCJK"]
    assert chain.face_of("🚀") == named["PmsimEmoji"]


def test_the_coverage_table_matches_the_font_files(chain: FontChain) -> None:
    """The table (which the validator reads without pygame) says what each font really has:
    every range end and every 97th code point is asked of the font itself."""
    table = glyphs.coverage()
    spans = [(start, end, owner) for owner in range(len(table.fonts))
             for start, end in zip(table.starts[owner], table.ends[owner], strict=True)]
    for start, end, owner in spans:
        if table.font_for(chr(start)) != owner:
            continue  # an earlier font draws it
        for point in {start, end, *range(start, end + 1, 97)}:
            char = chr(point)
            if glyphs.rides_along(char) or char.isspace() or glyphs.is_control(char):
                continue
            assert not chain.draws_box(owner, char), (table.fonts[owner], hex(point))


def test_right_to_left_runs_are_in_display_order_and_shaped_right_to_left() -> None:
    def face(char: str) -> int:
        return 1 if "\u0590" <= char <= "\u06ff" else 0

    pieces = runs("Ask אבג now", face)
    assert [(r.text, r.rtl) for r in pieces] == [("Ask ", False), ("אבג", True), (" now", False)]
    # a whole right-to-left line: the words swap places, each still in logical order
    assert [r.text for r in runs("אב גד", face)] == ["גד", " ", "אב"]
    # brackets are mirrored (UAX #9 rule L4), so "(2024)" does not read ")2024("
    assert "".join(r.text for r in runs("עומר (2024)", face)).startswith("(2024)")


def test_arabic_letters_are_joined_by_shaping(chain: FontChain) -> None:
    word = "سلام"
    joined = chain.size(word)[0]
    isolated = sum(chain.size(letter)[0] for letter in word)
    assert joined < isolated  # contextual forms are narrower than the four isolated ones


def test_emoji_are_scaled_to_the_line(chain: FontChain) -> None:
    image = chain.render("a🚀b", True, (0, 0, 0))
    assert image.get_height() == chain.get_height()
    assert chain.size("🚀")[0] <= 2 * chain.get_height()


def test_control_characters_are_not_drawn_and_do_not_stop_the_drawing(chain: FontChain) -> None:
    assert chain.size("Omar\0 Haddad\x1b")[0] == chain.size("Omar Haddad")[0]
    chain.render("Omar Haddad\0", True, (0, 0, 0))
    assert chain.size("Omar \ud800Haddad")[0] == chain.size("Omar Haddad")[0]
    chain.render("\udfff", True, (0, 0, 0))


def test_the_coverage_table_parser_merges_ranges_and_keeps_the_first_font() -> None:
    table = glyphs.parse("# comment\nA.ttf 41-43 45\nB.ttf 43-46\n")
    assert table.fonts == ("A.ttf", "B.ttf")
    assert [table.font_for(c) for c in "ABCDEFG"] == [0, 0, 0, 1, 0, 1, None]


def test_a_right_to_left_paragraph_is_aligned_to_the_right_edge() -> None:
    from pmsim.ui.theme import Theme

    theme = Theme()
    surface = pygame.Surface((600, 200))
    box = pygame.Rect(10, 10, 500, 180)
    theme.paragraph(surface, "عمر حداد: نحتاج إلى تصدير البيانات\n\nAsk Omar first.", box)
    arabic, _, english = theme.records
    assert arabic.rect.right == box.right and arabic.rect.left > box.left
    assert english.rect.left == box.left
    assert right_to_left("2024 (עומר)") and not right_to_left("2024") and right_to_left("42", True)


def test_the_games_own_sentences_with_a_hebrew_name_stay_left_to_right() -> None:
    from pmsim.ui.theme import Theme, directions

    assert not right_to_left("+3.0 תיקון החלפות משמרת shipped")
    assert not right_to_left("Shipped: תיקון החלפות משמרת")
    assert right_to_left("כל רשת גדולה מבקשת Lantern ועוד")
    # a paragraph's direction holds for all its lines, whatever each starts with
    lines = ["כל רשת גדולה", "2024 מסעדות.", "", "Ask first,", "עומר"]
    assert directions(lines) == [True, True, False, False, False]
    theme = Theme()
    surface = pygame.Surface((400, 200))
    box = pygame.Rect(0, 0, 400, 200)
    theme.paragraph(surface, "+3.0 תיקון החלפות משמרת שנעלמות בלילה shipped", box)
    assert theme.records[0].rect.left == box.left
